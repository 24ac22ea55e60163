// analyze_statement(): the handler for each statement kind.
#include "analyze/statements/analyzer.hpp"

#include <map>

namespace schemashift::analyze {

using namespace statements;

namespace {

using StatementHandler = void (*)(const json& body, Analyzer& a);

const std::map<std::string, StatementHandler>& statement_handlers() {
  static const std::map<std::string, StatementHandler> table = {
      {"AlterTableStmt", analyze_alter_table},
      {"IndexStmt", analyze_create_index},
      {"ReindexStmt", analyze_reindex},
      {"DropStmt", analyze_drop},
      {"TruncateStmt", analyze_truncate},
      {"UpdateStmt", analyze_update},
      {"DeleteStmt", analyze_delete},
      {"InsertStmt", analyze_insert},
      {"MergeStmt", analyze_merge},
      {"CopyStmt", analyze_copy},
      {"SelectStmt", analyze_select},
      {"CreateStmt", analyze_create_table},
      {"CreateTableAsStmt", analyze_create_table_as},
      {"ViewStmt", analyze_create_view},
      {"CreateSeqStmt", analyze_create_sequence},
      {"CreateTrigStmt", analyze_create_trigger},
      {"CommentStmt", analyze_comment},
      {"CreateStatsStmt", analyze_create_statistics},
      {"VacuumStmt", analyze_vacuum},
      {"ClusterStmt", analyze_cluster},
      {"RefreshMatViewStmt", analyze_refresh_matview},
      {"LockStmt", analyze_lock},
      {"RenameStmt", analyze_rename},
      {"AlterObjectSchemaStmt", analyze_set_schema},
      {"AlterEnumStmt", analyze_alter_enum},
      {"VariableSetStmt", analyze_set},
      {"TransactionStmt", analyze_transaction},
      {"DoStmt", analyze_do},
      {"CallStmt", analyze_call},
      {"CreateFunctionStmt", analyze_function},
      // No table lock: catalog entries other sessions do not wait on.
      {"CreateEnumStmt", analyze_catalog_only},
      {"CreateDomainStmt", analyze_catalog_only},
      {"CompositeTypeStmt", analyze_catalog_only},
      {"CreateExtensionStmt", analyze_catalog_only},
      {"CreateSchemaStmt", analyze_catalog_only},
      {"GrantStmt", analyze_catalog_only},
      {"GrantRoleStmt", analyze_catalog_only},
      {"CreateRoleStmt", analyze_catalog_only},
      {"AlterFunctionStmt", analyze_catalog_only},
      {"VariableShowStmt", analyze_catalog_only},
      {"AlterDatabaseSetStmt", analyze_catalog_only},
      {"AlterRoleSetStmt", analyze_catalog_only},
      // §4.1: cannot run inside a transaction block.
      {"CreatedbStmt", analyze_never_in_transaction},
      {"DropdbStmt", analyze_never_in_transaction},
      {"CreateTableSpaceStmt", analyze_never_in_transaction},
      {"DropTableSpaceStmt", analyze_never_in_transaction},
      {"AlterSystemStmt", analyze_never_in_transaction},
      {"AlterDatabaseStmt", analyze_alter_database},
      {"DiscardStmt", analyze_discard},
      {"CreateSubscriptionStmt", analyze_create_subscription},
      {"DropSubscriptionStmt", analyze_drop_subscription},
  };
  return table;
}

}  // namespace

StatementAnalysis analyze_statement(const sql::Statement& statement, const Context& context) {
  Analyzer a(statement, context);
  if (!statement.tree.is_object() || statement.tree.empty()) {
    a.result.summary = leading_words(statement.text);
    return a.finish();
  }
  const auto first = statement.tree.begin();
  const std::string kind = first.key();
  if (const auto it = statement_handlers().find(kind); it != statement_handlers().end()) {
    it->second(first.value(), a);
  } else {
    a.result.summary = leading_words(statement.text);
    a.note("locks of " + kind + " are not modelled");
  }
  if (a.result.summary.empty()) a.result.summary = leading_words(statement.text);
  return a.finish();
}

}  // namespace schemashift::analyze
