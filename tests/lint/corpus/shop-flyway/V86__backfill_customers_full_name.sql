-- schemashift:ignore-file unbatched-data-change -- 52k customers, runs in about a second
UPDATE customers SET full_name = trim(concat_ws(' ', first_name, last_name));
