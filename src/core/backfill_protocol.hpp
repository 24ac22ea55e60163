#pragma once
// How a rendered backfill (ops/batched_update.cpp) and the runner (runner/apply.cpp) talk:
// the one statement of the protocol, so that both sides name the same settings.
//
// The DO block reads optional session settings and falls back to the values rendered into
// it, so psql, Flyway and every other tool run the same file with its defaults:
//
//   schemashift.batch_size       rows (keys visited) of the first batch, at least 1
//   schemashift.batch_target_ms  milliseconds each batch aims at: the next batch's rows
//                                follow the last one's measured time; 0: every batch
//                                keeps batch_size rows
//   schemashift.batch_delay_ms   pause between batches in milliseconds
//   schemashift.batch_pause_percent  a further pause: this share of the batch's own time
//   schemashift.progress         'on': one progress NOTICE per batch (below) instead of a
//                                human line every 100 batches
//   schemashift.resume_k1..kN    start after this primary key (its text form, cast to the
//                                key column's type); unset: start at the first key
//   schemashift.resume_scanned,  counts done before the resume key, carried on so that
//   schemashift.resume_updated   progress and the recorded position count the whole table
//   schemashift.history_table,   when both are set, every batch's transaction also sets
//   schemashift.history_id       <history_table>.resume_key of row <history_id> to
//                                {"key": [k1 text, ...], "scanned": n, "updated": n}: the
//                                batch and the record of where it stopped commit together
//
// With schemashift.progress = 'on', each committed batch, and the end, raise
//   NOTICE:  schemashift:backfill {"label": "users.email_verified", "scanned": 5000,
//            "updated": 4100, "estimate": 200000, "last": ["5000"], "done": false}
// scanned: keys visited, updated: rows changed (both including resume_scanned/_updated),
// estimate: pg_class.reltuples when the block started (-1 or 0: unknown), last: the key the
// batch ended at, done: true once, after the last batch. The runner parses only these.
#include <string_view>

namespace schemashift::core::backfill {

constexpr std::string_view kBatchSize = "schemashift.batch_size";
constexpr std::string_view kBatchTargetMs = "schemashift.batch_target_ms";
constexpr std::string_view kBatchDelayMs = "schemashift.batch_delay_ms";
constexpr std::string_view kBatchPausePercent = "schemashift.batch_pause_percent";
constexpr std::string_view kProgress = "schemashift.progress";
constexpr std::string_view kResumeKeyPrefix = "schemashift.resume_k";  // + 1..N
constexpr std::string_view kResumeScanned = "schemashift.resume_scanned";
constexpr std::string_view kResumeUpdated = "schemashift.resume_updated";
constexpr std::string_view kHistoryTable = "schemashift.history_table";
constexpr std::string_view kHistoryId = "schemashift.history_id";

// Every setting but the resume keys, which are numbered.
constexpr std::string_view kFixedSettings[] = {kBatchSize,     kBatchTargetMs, kBatchDelayMs, kBatchPausePercent,
                                               kProgress,      kResumeScanned, kResumeUpdated, kHistoryTable,
                                               kHistoryId};

// The progress NOTICE: this prefix, then one JSON object.
constexpr std::string_view kNoticePrefix = "schemashift:backfill ";

}  // namespace schemashift::core::backfill
