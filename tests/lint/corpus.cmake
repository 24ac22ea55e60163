# Lint corpus (tests/lint/corpus/, see its README.md): one ctest per project compares
# `schemashift lint` with tests/lint/corpus-golden/<project>.txt and sanity-checks its JSON
# output; lint:corpus:generator checks that the committed files equal generate.py's output.
#   ctest -R lint:corpus          all of them
find_program(BASH_EXECUTABLE bash REQUIRED)
find_program(PYTHON3_EXECUTABLE python3 REQUIRED)

foreach(_project shop-flyway saas-sqlx blog-migrate ops-psql diesel-app generator)
  add_test(NAME lint:corpus:${_project}
           COMMAND ${BASH_EXECUTABLE} ${CMAKE_CURRENT_LIST_DIR}/corpus_test.sh $<TARGET_FILE:schemashift> ${_project})
  set_tests_properties(lint:corpus:${_project} PROPERTIES LABELS "lint;corpus" TIMEOUT 120
                       ENVIRONMENT "NO_COLOR=;DATABASE_URL=")
endforeach()
