/*
** suggest.c - nearest-name suggestions for messages about unknown names.
*/
#include "suggest.h"

#include <string.h>

int suggest_distance(const char *a, const char *b) {
  int la = (int)strlen(a), lb = (int)strlen(b);
  if (la > 60 || lb > 60) return 99;
  int prev[61], cur[61];
  for (int j = 0; j <= lb; j++) prev[j] = j;
  for (int i = 1; i <= la; i++) {
    cur[0] = i;
    for (int j = 1; j <= lb; j++) {
      int c = prev[j - 1] + (a[i - 1] != b[j - 1]);
      if (prev[j] + 1 < c) c = prev[j] + 1;
      if (cur[j - 1] + 1 < c) c = cur[j - 1] + 1;
      cur[j] = c;
    }
    memcpy(prev, cur, sizeof(int) * (size_t)(lb + 1));
  }
  return prev[lb];
}

const char *suggest_nearest(const char *z, int n, const char *(*get)(int i, const void *ud),
                            const void *ud) {
  const char *best = NULL;
  int bestD = 3;
  for (int i = 0; i < n; i++) {
    const char *cand = get(i, ud);
    if (!cand) continue;
    int d = suggest_distance(z, cand);
    if (d < bestD) {
      bestD = d;
      best = cand;
    }
  }
  return best;
}
