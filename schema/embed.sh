#!/bin/sh
# Turn a text file on stdin into a C string named $1 (plus $1_len).
name=$1
printf '/* generated from schema/schema.sql: do not edit */\n'
printf '#include <stddef.h>\n'
printf 'extern const char %s[];\nextern const size_t %s_len;\n' "$name" "$name"
printf 'const char %s[] =\n' "$name"
sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/\t"/' -e 's/$/\\n"/'
printf ';\nconst size_t %s_len = sizeof(%s) - 1;\n' "$name" "$name"
