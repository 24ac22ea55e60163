#pragma once
// The session TimeZone, as far as it decides whether PostgreSQL rewrites a table for a
// timestamp <-> timestamptz change (docs/postgres-facts.md §3.2).
#include <string>

#include "sql/parser.hpp"
#include "sql/tree.hpp"

namespace schemashift::sql {

// Whether the value of a TimeZone setting names a zone whose offset from UTC is zero and has
// never been anything else: PostgreSQL 12+ then converts timestamp <-> timestamptz without
// changing a bit (TimestampTimestampTzRequiresRewrite in utils/adt/timestamp.c asks
// pg_get_timezone_offset for the zone's one fixed offset, and it must be 0). Recognised, as
// PostgreSQL 15 reads them (checked on a live server, see tests/e2e/timezone_rewrite.sh):
//   tz database names of UTC itself: UTC, Etc/UTC, GMT, Zulu, UCT, Universal, Greenwich,
//   GMT0, Etc/GMT+0 ... (any case);
//   a number of hours or an interval that is zero: SET TIME ZONE 0, '0', INTERVAL '+00:00';
//   a POSIX zone without daylight rule and offset zero: 'UTC0', 'XYZ0', '<+00>0', 'UTC+0'.
// Not: zones that are at UTC only part of the year or once were elsewhere (Europe/London,
// Africa/Abidjan, 'UTC0UDT'), DEFAULT/LOCAL (the server's setting, unknown here).
bool is_fixed_utc_zone(const std::string& value);

// The TimeZone a `SET [LOCAL] TIME ZONE` / `SET timezone` statement's first argument gives
// (an A_Const string or number, or a TypeCast of a string to interval): whether it is a
// fixed UTC zone in the sense above. `statement` is the SET itself: libpg_query 15 writes
// both 0 and a negative integer as an empty "ival", so a number is read from the source.
bool sets_fixed_utc_zone(const tree::json& set_argument, const Statement& statement);

}  // namespace schemashift::sql
