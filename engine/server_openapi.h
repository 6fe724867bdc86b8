/*
** server_openapi.h - the fixed part of the OpenAPI 3.1 document that
** `rregull serve` answers at /v1/openapi.json: its paths and the error
** object.  The schemas of a case and of a decision are not here: server.c
** adds them, generated from the rule set being served (rr_rules_json_schema).
*/
#ifndef RR_SERVER_OPENAPI_H
#define RR_SERVER_OPENAPI_H

#define OA_ERR(code, what) \
  "\"" code "\":{\"description\":\"" what "\",\"content\":{\"application/json\":{\"schema\":" \
  "{\"$ref\":\"#/components/schemas/Error\"}}}}"
#define OA_JSON(what, ref) \
  "\"200\":{\"description\":\"" what "\",\"content\":{\"application/json\":{\"schema\":" ref "}}}"
#define OA_Q(name, what) \
  "{\"name\":\"" name "\",\"in\":\"query\",\"required\":false,\"description\":\"" what "\",\"schema\":{\"type\":\"string\"}}"
#define OA_ID "{\"name\":\"id\",\"in\":\"path\",\"required\":true,\"schema\":{\"type\":\"string\"}}"
#define OA_OBJ "{\"type\":\"object\"}"
#define OA_COMMON OA_ERR("401", "no or a wrong bearer token") "," OA_ERR("500", "internal error")

#define OPENAPI_HEAD \
  "{\"openapi\":\"3.1.0\",\"info\":{\"title\":\"rregull\",\"version\":\"%s\",\"description\":" \
  "\"Child-labour case decisions from the policy files of the rule set served. Errors are " \
  "{error: {code, message, path}}.\"},\"security\":[{\"bearer\":[]}],"

#define OPENAPI_PATHS \
  "\"paths\":{" \
  "\"/healthz\":{\"get\":{\"summary\":\"liveness\",\"security\":[],\"responses\":{" OA_JSON("ok", OA_OBJ) "}}}," \
  "\"/v1/decisions\":{\"post\":{\"summary\":\"the decision of a case, as rregull eval prints it\"," \
  "\"parameters\":[" OA_Q("municipality", "apply the overlay of this municipality") "," \
  OA_Q("pretty", "0 for one line") "]," \
  "\"requestBody\":{\"required\":true,\"content\":{\"application/json\":{\"schema\":{\"$ref\":\"#/components/schemas/Case\"}}}}," \
  "\"responses\":{" OA_JSON("the decision", "{\"$ref\":\"#/components/schemas/Decision\"}") "," \
  OA_ERR("400", "not JSON") "," OA_ERR("413", "body over the limit") "," \
  OA_ERR("422", "a fact breaks the declarations; path names it") "," OA_COMMON "}}}," \
  "\"/v1/cases/{id}/facts\":{\"post\":{\"summary\":\"record a case's facts in the store (history kept)\"," \
  "\"parameters\":[" OA_ID "," OA_Q("by", "who recorded them") "," OA_Q("recorded_at", "when they became known") "]," \
  "\"requestBody\":{\"required\":true,\"content\":{\"application/json\":{\"schema\":{\"$ref\":\"#/components/schemas/Case\"}}}}," \
  "\"responses\":{" OA_JSON("the facts whose value changed: their number and declared paths", \
  "{\"type\":\"object\",\"properties\":{\"case_id\":{\"type\":\"string\"},\"changed\":{\"type\":\"integer\"},\"facts\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}}}}") "," \
  OA_ERR("400", "not JSON") "," OA_ERR("404", "no case store") "," OA_ERR("413", "body over the limit") "," \
  OA_ERR("422", "a fact breaks the declarations") "," OA_COMMON "}}}," \
  "\"/v1/cases/{id}/decision\":{\"get\":{\"summary\":\"the decision of a stored case\"," \
  "\"parameters\":[" OA_ID "," OA_Q("as_of", "the instant; default the case's latest as_of") "," \
  OA_Q("store", "1: write the decision back") "]," \
  "\"responses\":{" OA_JSON("the decision", "{\"$ref\":\"#/components/schemas/Decision\"}") "," \
  OA_ERR("400", "a bad as_of") "," OA_ERR("404", "no such case") "," OA_COMMON "}}}," \
  "\"/v1/cases\":{\"get\":{\"summary\":\"the latest stored decision of each case\"," \
  "\"parameters\":[" OA_Q("risk", "only this risk level") "," OA_Q("overdue", "1: only cases with an overdue deadline") "," \
  OA_Q("municipality", "only cases decided under this overlay") "," \
  OA_Q("where", "a filter as rregull cases --where takes") "]," \
  "\"responses\":{" OA_JSON("the cases", OA_OBJ) "," OA_ERR("400", "a bad filter") "," OA_COMMON "}}}," \
  "\"/v1/batch\":{\"post\":{\"summary\":\"evaluate the stored cases at as_of and store the decisions\"," \
  "\"requestBody\":{\"content\":{\"application/json\":{\"schema\":{\"type\":\"object\",\"properties\":" \
  "{\"as_of\":{\"type\":\"string\"},\"where\":{\"type\":\"string\"},\"dry_run\":{\"type\":\"boolean\"}}," \
  "\"required\":[\"as_of\"]}}}}," \
  "\"parameters\":[" OA_Q("chunk", "cases per transaction (256)") "," OA_Q("wait", "ms to wait for the end before answering 202 (1000)") "]," \
  "\"responses\":{" OA_JSON("done: its batch id and counts", OA_OBJ) "," \
  "\"202\":{\"description\":\"still running after its first chunk: the job and where to follow it\"," \
  "\"content\":{\"application/json\":{\"schema\":" OA_OBJ "}}}," OA_ERR("400", "not JSON") "," \
  OA_ERR("422", "a bad as_of or filter") "," OA_COMMON "}}}," \
  "\"/v1/batch/{job}\":{\"get\":{\"summary\":\"the progress of a batch started over HTTP\"," \
  "\"parameters\":[{\"name\":\"job\",\"in\":\"path\",\"required\":true,\"schema\":{\"type\":\"integer\"}}]," \
  "\"responses\":{" OA_JSON("running, done or failed, with counts", OA_OBJ) "," OA_ERR("404", "no such job") "," \
  OA_COMMON "}}}," \
  "\"/v1/rules\":{\"get\":{\"summary\":\"the rule set served: version, hash, overlays\"," \
  "\"responses\":{" OA_JSON("the rule set", OA_OBJ) "," OA_COMMON "}}}," \
  "\"/v1/rules/reload\":{\"post\":{\"summary\":\"load and check the rules again (needs the token)\"," \
  "\"responses\":{" OA_JSON("the new rule set", OA_OBJ) "," \
  OA_ERR("422", "the new rules do not check: the old ones keep serving") "," OA_COMMON "}}}," \
  "\"/v1/schema/case.json\":{\"get\":{\"summary\":\"JSON Schema of a case, from the fact declarations\"," \
  "\"responses\":{" OA_JSON("the schema", OA_OBJ) "," OA_COMMON "}}}," \
  "\"/v1/schema/decision.json\":{\"get\":{\"summary\":\"JSON Schema of a decision, from the report\"," \
  "\"responses\":{" OA_JSON("the schema", OA_OBJ) "," OA_COMMON "}}}," \
  "\"/v1/openapi.json\":{\"get\":{\"summary\":\"this document\"," \
  "\"responses\":{" OA_JSON("OpenAPI 3.1", OA_OBJ) "," OA_COMMON "}}}," \
  "\"/v1/integrations/primero/case\":{\"post\":{\"summary\":\"a Primero case record as its webhook sends it: " \
  "the decision and the PATCH for Primero\"," \
  "\"requestBody\":{\"required\":true,\"content\":{\"application/json\":{\"schema\":" OA_OBJ "}}}," \
  "\"responses\":{" OA_JSON("the decision and the patch", OA_OBJ) "," OA_ERR("400", "not JSON") "," \
  OA_ERR("422", "an unmapped or invalid Primero field; path names it") "," \
  OA_ERR("501", "no Primero mapping is loaded") "," OA_COMMON "}}}," \
  "\"/v1/reports/{kind}\":{\"get\":{\"summary\":\"a monitoring report over the store (rregull report): " \
  "csw-semiannual, municipal-annual, national, compliance\"," \
  "\"parameters\":[{\"name\":\"kind\",\"in\":\"path\",\"required\":true,\"schema\":{\"type\":\"string\"}}," \
  OA_Q("from", "the period's first day (YYYY-MM-DD)") "," OA_Q("to", "the period's last day") "," \
  OA_Q("municipality", "one municipality") "," OA_Q("format", "json (default), html or csv") "," \
  OA_Q("lang", "the headings' language") "," OA_Q("min_cell", "counts below it show as <N in html/csv (5)") "," \
  OA_Q("table", "csv: this table only") "]," \
  "\"responses\":{" OA_JSON("the report", OA_OBJ) "," OA_ERR("400", "a bad period or option") "," \
  OA_ERR("404", "no such report, or no case store") "," OA_COMMON "}}}," \
  "\"/cases/{id}\":{\"get\":{\"summary\":\"the printable case page of a stored case (HTML; lang or " \
  "Accept-Language: sq, sr, sr-Cyrl, en)\"," \
  "\"parameters\":[" OA_ID "," OA_Q("as_of", "the instant; default the case's latest as_of") "," \
  OA_Q("lang", "sq, sr, sr-Cyrl or en") "]," \
  "\"responses\":{\"200\":{\"description\":\"the page\",\"content\":{\"text/html\":{}}}," \
  OA_ERR("400", "a bad as_of or lang") "," OA_ERR("404", "no such case") "," OA_COMMON "}}}," \
  "\"/cases\":{\"post\":{\"summary\":\"the printable case page of the case posted (HTML)\"," \
  "\"parameters\":[" OA_Q("municipality", "as rregull explain --municipality") "," \
  OA_Q("lang", "sq, sr, sr-Cyrl or en") "]," \
  "\"requestBody\":{\"required\":true,\"content\":{\"application/json\":{\"schema\":" \
  "{\"$ref\":\"#/components/schemas/Case\"}}}}," \
  "\"responses\":{\"200\":{\"description\":\"the page\",\"content\":{\"text/html\":{}}}," \
  OA_ERR("400", "not JSON, or a bad lang") "," OA_ERR("422", "a fact breaks the declarations") "," OA_COMMON "}}}" \
  "}"

#define OPENAPI_SCHEMAS \
  ",\"Error\":{\"type\":\"object\",\"required\":[\"error\"],\"properties\":{\"error\":{\"type\":\"object\"," \
  "\"required\":[\"code\",\"message\",\"path\"],\"properties\":{\"code\":{\"type\":\"string\"}," \
  "\"message\":{\"type\":\"string\"},\"path\":{\"type\":[\"string\",\"null\"]}}}}}"

#endif
