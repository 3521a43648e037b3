# Writes a C++ file holding every migration's name and SQL text, in file-name
# order (files are named NNNN_description.sql).
string(REPLACE "|" ";" FILES "${FILES}")
list(SORT FILES)
set(body "// Generated from src/store/migrations/*.sql. Do not edit.\n#include \"store/migrations.h\"\nnamespace escalated::store {\nconst std::vector<MigrationSource>& embedded_migrations() {\n  static const std::vector<MigrationSource> all = {\n")
foreach(f IN LISTS FILES)
  get_filename_component(name ${f} NAME_WE)
  file(READ ${f} sql)
  string(REGEX MATCH "^[0-9]+" version ${name})
  # "0008" would be an (invalid) octal literal in C++.
  string(REGEX REPLACE "^0+([0-9])" "\\1" version "${version}")
  set(body "${body}    {${version}, \"${name}\", R\"escsql(${sql})escsql\"},\n")
endforeach()
set(body "${body}  };\n  return all;\n}\n}  // namespace escalated::store\n")
file(WRITE ${OUT}.tmp "${body}")
file(COPY_FILE ${OUT}.tmp ${OUT} ONLY_IF_DIFFERENT)
