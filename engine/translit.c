/*
** translit.c - Serbian Latin to Serbian Cyrillic with an ICU transliterator
** built from the rules of the Serbian alphabet (the digraphs lj, nj, dž first;
** letters outside it -- q, w, x, y -- stay).  ICU's generic Latin-Cyrillic
** reads j as й, so the rules are written here.  A template's {placeholders}
** are expressions, not words: they are kept.  (ICU is also linked by
** hijri.c for the Islamic calendar; each file includes it for its own job.)
*/
#include "translit.h"

#include <string.h>
#include <unicode/ustring.h>
#include <unicode/utrans.h>

static const char rules[] =
  "Lj > Љ; LJ > Љ; lj > љ; Nj > Њ; NJ > Њ; nj > њ; Dž > Џ; DŽ > Џ; dž > џ;"
  "A > А; B > Б; C > Ц; Č > Ч; Ć > Ћ; D > Д; Đ > Ђ; E > Е; F > Ф; G > Г; H > Х; I > И;"
  "J > Ј; K > К; L > Л; M > М; N > Н; O > О; P > П; R > Р; S > С; Š > Ш; T > Т; U > У;"
  "V > В; Z > З; Ž > Ж;"
  "a > а; b > б; c > ц; č > ч; ć > ћ; d > д; đ > ђ; e > е; f > ф; g > г; h > х; i > и;"
  "j > ј; k > к; l > л; m > м; n > н; o > о; p > п; r > р; s > с; š > ш; t > т; u > у;"
  "v > в; z > з; ž > ж;";

/* One run of text (no placeholder) through T, appended at *O. */
static int run(UTransliterator *t, const char *z, size_t n, char **o, char *end) {
  UErrorCode st = U_ZERO_ERROR;
  UChar buf[2048];
  int32_t len = 0;
  if (n == 0) return 0;
  u_strFromUTF8(buf, 1024, &len, z, (int32_t)n, &st);
  if (U_FAILURE(st)) return -1;
  int32_t limit = len;
  utrans_transUChars(t, buf, &len, (int32_t)(sizeof buf / sizeof buf[0]), 0, &limit, &st);
  if (U_FAILURE(st)) return -1;
  int32_t nOut = 0;
  u_strToUTF8(*o, (int32_t)(end - *o), &nOut, buf, len, &st);
  if (U_FAILURE(st) || st == U_STRING_NOT_TERMINATED_WARNING) return -1;
  *o += nOut;
  return 0;
}

void translit_close(void *cache) {
  if (cache) utrans_close(cache);
}

static UTransliterator *open_rules(void) {
  UErrorCode st = U_ZERO_ERROR;
  UChar id[] = {'r', 'r', '-', 's', 'r', 0};
  UChar urules[sizeof rules];
  int32_t nRules = 0;
  u_strFromUTF8(urules, (int32_t)(sizeof urules / sizeof urules[0]), &nRules, rules, -1, &st);
  UParseError pe;
  UTransliterator *t = U_FAILURE(st) ? NULL : utrans_openU(id, -1, UTRANS_FORWARD, urules, nRules, &pe, &st);
  if (!t || U_FAILURE(st)) {
    if (t) utrans_close(t);
    return NULL;
  }
  return t;
}

/* Whether the word at Z (N bytes) is a rule ID -- capitals, digits and at
** least one hyphen, as AB-CD-12 -- kept in Latin. */
static size_t id_at(const char *z, size_t n) {
  size_t k = 0;
  int hyphen = 0;
  while (k < n && ((z[k] >= 'A' && z[k] <= 'Z') || (z[k] >= '0' && z[k] <= '9') || z[k] == '-')) hyphen |= z[k++] == '-';
  while (k && z[k - 1] == '-') k--;
  return hyphen && k >= 3 && !(k < n && ((unsigned char)z[k] >= 0x80 || (z[k] >= 'a' && z[k] <= 'z'))) ? k : 0;
}

/* Whether the word at Z (N bytes) is a code -- a fact path, a JSON key, a
** file or a URL path: letters, digits and _ . / - with an underscore, a
** slash or a dot inside (as_of, work.sector, /v1/openapi.json) -- kept in
** Latin (and a list's item, cmrs[4]): its length, or 0. */
static size_t code_at(const char *z, size_t n) {
  size_t k = 0;
  int mark = 0;
  while (k < n && ((z[k] >= 'A' && z[k] <= 'Z') || (z[k] >= 'a' && z[k] <= 'z') || (z[k] >= '0' && z[k] <= '9') ||
                   z[k] == '_' || z[k] == '.' || z[k] == '/' || z[k] == '-' || z[k] == '[' || z[k] == ']')) {
    if (z[k] == '_' || z[k] == '/' || z[k] == '[' || (z[k] == '.' && k + 1 < n && z[k + 1] != ' ' && z[k + 1] != '.'))
      mark = 1;
    k++;
  }
  while (k && (z[k - 1] == '.' || z[k - 1] == '-')) k--;   /* a sentence's full stop */
  return mark && k < n && (unsigned char)z[k] >= 0x80 ? 0 : mark ? k : 0;
}

/* A run of text through T, its rule IDs and codes as they are. */
static int run_keeping_ids(UTransliterator *t, const char *z, size_t n, char **o, char *end) {
  size_t from = 0;
  for (size_t i = 0; i < n; i++) {
    if (i > 0 && (((unsigned char)z[i - 1] >= 0x80) || (z[i - 1] >= 'A' && z[i - 1] <= 'Z') ||
                  (z[i - 1] >= 'a' && z[i - 1] <= 'z') || (z[i - 1] >= '0' && z[i - 1] <= '9')))
      continue;                            /* IDs start a word */
    size_t k = id_at(z + i, n - i);
    if (!k) k = code_at(z + i, n - i);
    if (!k) continue;
    if (run(t, z + from, i - from, o, end) || (size_t)(end - *o) < k) return -1;
    memcpy(*o, z + i, k);
    *o += k;
    i += k - 1;
    from = i + 1;
  }
  return run(t, z + from, n - from, o, end);
}

const char *translit_to_cyrillic(void **cache, Arena *a, const char *z) {
  size_t n = strlen(z);
  if (n == 0 || n > 1000) return z;
  if (!*cache) *cache = open_rules();
  UTransliterator *t = *cache;
  if (!t) return z;
  size_t cap = n * 3 + 4;
  char *out = arena_alloc(a, cap), *o = out, *end = out + cap - 1;
  int bad = !out;
  const char *s = z;
  while (!bad && *s) {
    const char *b = strchr(s, '{');
    size_t lit = b ? (size_t)(b - s) : strlen(s);
    if (run_keeping_ids(t, s, lit, &o, end)) bad = 1;
    s += lit;
    if (!bad && b) {                   /* the placeholder, as it is */
      int depth = 0;
      const char *p = b;
      for (; *p; p++) {
        if (*p == '{') depth++;
        else if (*p == '}' && --depth == 0) break;
      }
      size_t k = (size_t)(p - b) + (*p ? 1 : 0);
      if ((size_t)(end - o) < k) bad = 1;
      else {
        memcpy(o, b, k);
        o += k;
      }
      s = b + k;
    }
  }
  if (bad) return z;
  *o = 0;
  return out;
}
