#pragma once
// A rendered backfill's progress as the runner sees it: the NOTICE protocol of
// core/backfill_protocol.hpp parsed (never the human NOTICEs), the position recorded in the
// history row, and the rate and ETA derived from them.
#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace schemashift::runner {

// Where an interrupted backfill stopped: history.resume_key, written by the DO block in the
// transaction of each batch. `key` is the primary key's columns in their text form.
struct ResumePoint {
  std::vector<std::string> key;
  long long scanned = 0;  // keys visited up to and including `key`
  long long updated = 0;  // rows changed up to and including `key`
  std::string key_text() const;  // "61000", "(7, 2024-01-01)"
};

// `{"key": [...], "scanned": n, "updated": n}`; nullopt for NULL, "" or anything else.
std::optional<ResumePoint> parse_resume_point(const std::string& json);

// One progress NOTICE: "schemashift:backfill {json}".
struct BackfillNotice {
  std::string label;
  long long scanned = 0;
  long long updated = 0;
  long long estimate = -1;  // pg_class.reltuples when the block started; <= 0: unknown
  std::vector<std::optional<std::string>> last;  // the key the last batch ended at
  bool done = false;
};

std::optional<BackfillNotice> parse_backfill_notice(const std::string& message);

// What a progress event carries.
struct BackfillProgress {
  BackfillNotice notice;
  std::optional<ResumePoint> resumed;   // the run started after this key
  std::chrono::milliseconds elapsed{0};  // since this statement was sent
  double rate = 0;                       // keys visited per second in this run
  std::optional<double> fraction;        // scanned / estimate, at most 1, when the estimate is known
  std::optional<std::chrono::milliseconds> eta;  // when the estimate and a rate are known, and not done
  long long scanned_this_run() const { return notice.scanned - (resumed ? resumed->scanned : 0); }
};

// Turns the notices of one backfill statement into progress: the rate counts only keys
// visited since the statement was sent (not those carried over from before a resume).
class BackfillMeter {
 public:
  BackfillMeter(std::chrono::steady_clock::time_point start, std::optional<ResumePoint> resumed)
      : start_(start), resumed_(std::move(resumed)) {}
  BackfillProgress measure(const BackfillNotice& notice, std::chrono::steady_clock::time_point now) const;

 private:
  std::chrono::steady_clock::time_point start_;
  std::optional<ResumePoint> resumed_;
};

// The session settings that tell a rendered backfill how to run (core/backfill_protocol.hpp),
// as (name, value) pairs, and the statements that set and reset them.
struct BackfillSettings {
  std::optional<long long> batch_size;
  std::optional<std::chrono::milliseconds> batch_delay;
  std::optional<std::chrono::milliseconds> batch_time;  // what each batch aims at; 0: fixed batch_size
  std::string history_table;  // the history table (as SQL) and row the block records its position in
  long long history_id = 0;
  std::optional<ResumePoint> resume;
  std::vector<std::pair<std::string, std::string>> pairs() const;
};
std::string set_settings_sql(const std::vector<std::pair<std::string, std::string>>& pairs);
// Resets what set_settings_sql set: a reset custom setting reads as '', which the block
// treats as unset, so nothing leaks into the next statement.
std::string reset_settings_sql(const std::vector<std::pair<std::string, std::string>>& pairs);

}  // namespace schemashift::runner
