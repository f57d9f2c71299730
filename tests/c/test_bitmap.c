/* test_bitmap.c — wasm/src/bitmap.c and sf_bitmap_next: a walk over the set bits
 * visits exactly the rows a test of every bit does, in order, from any start. */
#include "internal.h"
#include "test.h"

static uint64_t rng = 0x2545F4914F6CDD1Dull;
static uint64_t next(void) {
  rng ^= rng << 13;
  rng ^= rng >> 7;
  rng ^= rng << 17;
  return rng;
}

int main(void) {
  static const size_t sizes[] = {0, 1, 63, 64, 65, 128, 1000, 4097};
  size_t s, i, j;
  sf_error err = {0};
  for (s = 0; s < sizeof sizes / sizeof *sizes; s++) {
    int density;
    for (density = 0; density <= 4; density++) { /* none, sparse, half, dense, all */
      sf_bitmap b;
      size_t start, ok = 1, count = 0;
      CHECK(sf_bitmap_init(&b, sizes[s], density == 4, &err) == SF_OK);
      for (i = 0; i < sizes[s] && density > 0 && density < 4; i++)
        if (next() % 8 < (uint64_t)(density == 1 ? 1 : density == 2 ? 4 : 7)) sf_bitmap_set(&b, i);
      for (start = 0; start <= sizes[s] && ok; start += 1 + start / 3) {
        j = start;
        for (i = sf_bitmap_next(&b, start); i < b.nbits; i = sf_bitmap_next(&b, i + 1)) {
          while (j < i && !sf_bitmap_get(&b, j)) j++; /* every row skipped is unselected */
          ok = ok && j == i && sf_bitmap_get(&b, i);
          j = i + 1;
          count += start == 0;
        }
        while (j < b.nbits && !sf_bitmap_get(&b, j)) j++;
        ok = ok && j == b.nbits && i == b.nbits;
      }
      CHECK(ok);
      CHECK(count == sf_bitmap_count(&b));
      sf_bitmap_free(&b);
    }
  }
  return test_report("bitmap");
}
