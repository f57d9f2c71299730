/* replay.c — runs a libFuzzer harness over files without libFuzzer, so the seed
 * corpus and every crash ever found (regressions/) are ordinary ctest tests under
 * the sanitizers: replay DIR... calls LLVMFuzzerTestOneInput once per file. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int replay_file(const char *path) {
  FILE *f = fopen(path, "rb");
  uint8_t *buf = NULL;
  long n;
  if (!f) return -1;
  if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0 &&
      (buf = malloc((size_t)n + 1)) && fread(buf, 1, (size_t)n, f) == (size_t)n) {
    fclose(f);
    LLVMFuzzerTestOneInput(buf, (size_t)n);
    free(buf);
    return 0;
  }
  free(buf);
  fclose(f);
  return -1;
}

int main(int argc, char **argv) {
  int i, count = 0;
  for (i = 1; i < argc; i++) {
    DIR *d = opendir(argv[i]);
    struct dirent *ent;
    if (!d) {
      fprintf(stderr, "replay: cannot open %s\n", argv[i]);
      return 1;
    }
    while ((ent = readdir(d))) {
      char path[4096];
      if (ent->d_name[0] == '.') continue;
      snprintf(path, sizeof path, "%s/%s", argv[i], ent->d_name);
      if (replay_file(path) != 0) {
        fprintf(stderr, "replay: cannot read %s\n", path);
        closedir(d);
        return 1;
      }
      count++;
    }
    closedir(d);
  }
  printf("replayed %d inputs without a failure\n", count);
  return count > 0 ? 0 : 1;
}
