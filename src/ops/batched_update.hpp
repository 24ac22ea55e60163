#pragma once
// The batched backfill: one DO block that updates a table in keyset batches.
#include <string>
#include <utility>
#include <vector>

#include "model/schema.hpp"
#include "spec/change_spec.hpp"

namespace schemashift::ops {

// Batched UPDATE as one DO block in primary-key order (ranges of key values for a one-column
// integer key, keyset pagination otherwise), one COMMIT per
// batch, lock_timeout per batch with bounded exponential-backoff retries, progress
// NOTICEs. Must run outside a transaction block. `assignments` are (column, SQL expr).
// `batch_size` is the first batch's rows; later batches are sized to take the spec's
// batch_time, within [min(batch_size, 100), max(batch_size, batch_max)] rows. These and the
// pause are defaults the runner may override, and the block resumes after a recorded key,
// through session settings (core/backfill_protocol.hpp).
std::string batched_update_sql(const model::Table& table, const std::vector<std::pair<std::string, std::string>>& assignments,
                               const std::string& where_sql, long long batch_size, const spec::Settings& settings,
                               const std::string& label);

// How those batches are sized, for people: "batches of about 200 ms (the first 1,000 rows,
// at most 100,000)", or "batches of 1,000 rows" when batch_time is 0.
std::string batch_sizing(long long batch_size, const spec::Settings& settings);

}  // namespace schemashift::ops
