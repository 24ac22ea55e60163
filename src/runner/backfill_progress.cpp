#include "runner/backfill_progress.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/backfill_protocol.hpp"
#include "core/text.hpp"
#include "sql/quote.hpp"

namespace schemashift::runner {

namespace {

using nlohmann::json;
namespace protocol = core::backfill;

long long integer(const json& j, const char* key, long long fallback) {
  const auto it = j.find(key);
  return it != j.end() && it->is_number() ? it->get<long long>() : fallback;
}

std::optional<json> parse_object(const std::string& text) {
  json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) return std::nullopt;
  return j;
}

}  // namespace

std::string ResumePoint::key_text() const { return key.size() == 1 ? key[0] : "(" + core::join(key, ", ") + ")"; }

std::optional<ResumePoint> parse_resume_point(const std::string& text) {
  const auto j = parse_object(text);
  if (!j) return std::nullopt;
  const auto key = j->find("key");
  if (key == j->end() || !key->is_array() || key->empty()) return std::nullopt;
  ResumePoint p;
  for (const auto& k : *key) {
    if (!k.is_string()) return std::nullopt;  // a primary key column is never NULL
    p.key.push_back(k.get<std::string>());
  }
  p.scanned = integer(*j, "scanned", 0);
  p.updated = integer(*j, "updated", 0);
  return p;
}

std::optional<BackfillNotice> parse_backfill_notice(const std::string& message) {
  if (!core::starts_with(message, protocol::kNoticePrefix)) return std::nullopt;
  const auto j = parse_object(message.substr(protocol::kNoticePrefix.size()));
  if (!j) return std::nullopt;
  BackfillNotice n;
  if (const auto label = j->find("label"); label != j->end() && label->is_string()) n.label = label->get<std::string>();
  n.scanned = integer(*j, "scanned", 0);
  n.updated = integer(*j, "updated", 0);
  n.estimate = integer(*j, "estimate", -1);
  if (const auto last = j->find("last"); last != j->end() && last->is_array()) {
    for (const auto& k : *last) {
      n.last.push_back(k.is_string() ? std::optional<std::string>(k.get<std::string>()) : std::nullopt);
    }
  }
  if (const auto done = j->find("done"); done != j->end() && done->is_boolean()) n.done = done->get<bool>();
  return n;
}

BackfillProgress BackfillMeter::measure(const BackfillNotice& notice, std::chrono::steady_clock::time_point now) const {
  BackfillProgress p;
  p.notice = notice;
  p.resumed = resumed_;
  p.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(now - start_);
  const double seconds = static_cast<double>(p.elapsed.count()) / 1000.0;
  const long long visited = std::max(0LL, p.scanned_this_run());
  if (seconds > 0) p.rate = static_cast<double>(visited) / seconds;
  if (notice.estimate > 0) {
    p.fraction = std::min(1.0, static_cast<double>(notice.scanned) / static_cast<double>(notice.estimate));
    // Past the estimate (reltuples is an estimate) the end is near but its distance unknown.
    const long long remaining = notice.estimate - notice.scanned;
    if (!notice.done && p.rate > 0 && remaining > 0) {
      p.eta = std::chrono::milliseconds(static_cast<long long>(static_cast<double>(remaining) / p.rate * 1000.0));
    }
  }
  return p;
}

std::vector<std::pair<std::string, std::string>> BackfillSettings::pairs() const {
  std::vector<std::pair<std::string, std::string>> out;
  if (batch_size) out.emplace_back(protocol::kBatchSize, std::to_string(*batch_size));
  if (batch_delay) out.emplace_back(protocol::kBatchDelayMs, std::to_string(batch_delay->count()));
  if (batch_time) out.emplace_back(protocol::kBatchTargetMs, std::to_string(batch_time->count()));
  out.emplace_back(protocol::kProgress, "on");
  if (!history_table.empty()) {
    out.emplace_back(protocol::kHistoryTable, history_table);
    out.emplace_back(protocol::kHistoryId, std::to_string(history_id));
  }
  if (resume) {
    for (std::size_t i = 0; i < resume->key.size(); ++i) {
      out.emplace_back(std::string(protocol::kResumeKeyPrefix) + std::to_string(i + 1), resume->key[i]);
    }
    out.emplace_back(protocol::kResumeScanned, std::to_string(resume->scanned));
    out.emplace_back(protocol::kResumeUpdated, std::to_string(resume->updated));
  }
  return out;
}

std::string set_settings_sql(const std::vector<std::pair<std::string, std::string>>& pairs) {
  std::vector<std::string> calls;
  for (const auto& [name, value] : pairs) {
    calls.push_back(fmt::format("set_config({}, {}, false)", sql::quote_literal(name), sql::quote_literal(value)));
  }
  return "SELECT " + core::join(calls, ", ");
}

std::string reset_settings_sql(const std::vector<std::pair<std::string, std::string>>& pairs) {
  std::vector<std::string> resets;
  for (const auto& pair : pairs) resets.push_back("RESET " + pair.first);
  return core::join(resets, "; ");
}

}  // namespace schemashift::runner
