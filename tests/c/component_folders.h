/* component_folders.h — the component types as the source tree has them: the
 * folders components/<name>/ holding a kernel.c, sorted and joined with ", ", read
 * from disk (not from the engine's generated list), so tests name no component. */
#ifndef SF_COMPONENT_FOLDERS_H
#define SF_COMPONENT_FOLDERS_H
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int folder_cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* buf gets "confusion-matrix, histogram, ..." (empty when components/ cannot be read). */
static void component_folders(char *buf, size_t cap) {
  char *names[256], path[1024];
  size_t n = 0, i, at = 0;
  struct dirent *d;
  struct stat st;
  DIR *dir = opendir(SF_SOURCE_DIR "/components");
  buf[0] = 0;
  if (!dir) return;
  while ((d = readdir(dir)) && n < 256) {
    snprintf(path, sizeof path, "%s/components/%s/kernel.c", SF_SOURCE_DIR, d->d_name);
    if (d->d_name[0] != '.' && stat(path, &st) == 0) names[n++] = strdup(d->d_name);
  }
  closedir(dir);
  qsort(names, n, sizeof *names, folder_cmp);
  for (i = 0; i < n; i++) {
    at += (size_t)snprintf(buf + at, at < cap ? cap - at : 0, "%s%s", i ? ", " : "", names[i]);
    free(names[i]);
  }
}
#endif
