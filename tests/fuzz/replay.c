/*
** replay.c - runs inputs through a fuzz target's entry point without
** libFuzzer: each file named (a directory gives its files, in name order)
** is read and passed to LLVMFuzzerTestOneInput once.  Built with the normal
** compiler against fuzz_policy.c or fuzz_case.c, it is how `make test`
** replays the corpus (and the regression inputs in it) on every run.
**
**   replay_policy FILE|DIR...     prints "N passed, 0 failed" at the end
*/
#include <dirent.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int nRun, nFailed;

static void run_file(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    printf("%s: cannot read\n", path);
    nFailed++;
    return;
  }
  size_t cap = 1 << 16, n = 0, got;
  unsigned char *buf = malloc(cap);
  while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
    n += got;
    if (n == cap) {
      unsigned char *nb = realloc(buf, cap *= 2);
      if (!nb) { free(buf); buf = NULL; }
      buf = nb;
    }
  }
  fclose(f);
  if (!buf) {
    printf("%s: out of memory\n", path);
    nFailed++;
    return;
  }
  LLVMFuzzerTestOneInput(buf, n);       /* a failure is a crash or a sanitizer report */
  free(buf);
  nRun++;
}

static int cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static void run_path(const char *path) {
  struct stat st;
  if (stat(path, &st) != 0) {
    printf("%s: no such file\n", path);
    nFailed++;
    return;
  }
  if (!S_ISDIR(st.st_mode)) {
    run_file(path);
    return;
  }
  DIR *d = opendir(path);
  char **names = NULL;
  size_t n = 0, cap = 0;
  struct dirent *e;
  while (d && (e = readdir(d)) != NULL) {
    if (e->d_name[0] == '.') continue;
    if (n == cap) {
      char **nn = realloc(names, (cap = cap ? 2 * cap : 64) * sizeof *nn);
      if (!nn) break;
      names = nn;
    }
    size_t len = strlen(path) + strlen(e->d_name) + 2;
    if (!(names[n] = malloc(len))) break;
    snprintf(names[n++], len, "%s/%s", path, e->d_name);
  }
  if (d) closedir(d);
  if (n) qsort(names, n, sizeof *names, cmp);
  for (size_t i = 0; i < n; i++) {
    run_path(names[i]);
    free(names[i]);
  }
  free(names);
}

int main(int argc, char **argv) {
  for (int i = 1; i < argc; i++) run_path(argv[i]);
  printf("%d passed, %d failed\n", nRun, nFailed);     /* each input run without a crash passes */
  return nFailed != 0;
}
