/*
** error_text.c - the messages of the engine, the CLI and the server that
** reach a case worker (msgctxt "error" of the PO files): a case's facts that
** do not fit the rules, an unknown case, a bad as-of, the server's answers.
** Each is the English message with its variable parts as {name}; a message
** is translated by matching it against these (lang_message in lang.c), so
** the code that writes it stays as it is and English stays byte for byte.
** The short phrases at the end are the parts a message puts in its
** placeholders ("a number", "a string"): translated on their own.
**
** Keep a template in step with the message it matches: the test
** tests/i18n/test_messages.py produces each one and checks it is translated.
*/
#include "i18n.h"

#include <stddef.h>

const char *const i18n_error_texts[] = {
  /* a case's facts (json.c) */
  "invalid JSON at line {line}, column {column}: {detail}",
  "expected a JSON object with \"as_of\" and \"facts\", got {kind}",
  "missing \"id\": the case's identifier in the case system (a string)",
  "id: expected a string, got {kind}",
  "id: empty: the case's identifier is needed",
  "missing \"as_of\" (the instant of evaluation, e.g. \"2025-03-05T10:00:00+01:00\")",
  "as_of: expected a date-time with an offset (e.g. \"2025-03-05T10:00:00+01:00\"), got {value}",
  "missing \"facts\"",
  "unknown fact (did you mean '{name}'?)",
  "unknown fact (not declared in the rules)",
  "expected an object (a group of facts), got {kind}",
  "expected an object ({record}), got {kind}",
  "{record} has no field '{field}'",
  "expected {wanted}, got {kind}",
  "{value} is out of range ({low} .. {high})",
  "'{value}' is not a date (YYYY-MM-DD)",
  "'{value}' is not a date-time with an offset (YYYY-MM-DDTHH:MM:SS+01:00)",
  "'{value}' is not a time of day (HH:MM)",
  "'{value}' is not one of {values}",
  "'{value}' excludes every other value, here '{other}'",
  "null in a list: a list holds known values only (leave the item out)",
  /* a stored case, the as-of instant (api.c; "--as-of: " before it stays) */
  "no case '{id}' in the database",
  "'{value}' is not a date-time with an offset (e.g. 2025-03-05T10:00:00+01:00)",
  /* the server's answers (server.c) */
  "no case '{id}' in the store",
  "no language '{lang}' (sq, sr, sr-Cyrl, en)",
  "the body is not JSON: a case {\"id\", \"as_of\", \"facts\"} is expected",
  "expected a JSON object with \"as_of\" and \"facts\"",
  "the case's id is not the one of the URL ('{id}')",
  "no overlay loaded is for municipality '{name}'",
  "no such resource (see /v1/openapi.json)",
  "a bearer token is required (Authorization: Bearer TOKEN)",
  "the body is larger than the limit of {n} bytes",
  "out of memory",
  /* parts of the messages above */
  "an object",
  "a list",
  "a string",
  "an integer",
  "a number",
  "a boolean",
  "a real number",
  "a date string",
  "a date-time string",
  "a time-of-day string (HH:MM)",
  "a string (one of {type})",
  "true or false",
  "a value",
  NULL
};
