/* Plain single-thread C references for `bench/ising.sh`: checkerboard Metropolis on
 * byte spins and Wolff single-cluster, both with xoshiro256++. Written the way a
 * careful C programmer would, compiled with -O3 -march=native; they are the
 * yardsticks the targets are stated against.
 * usage: reference metropolis|wolff L sweeps beta  ->  prints flips/ns [ns per flipped spin] */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static uint64_t s[4];
static inline uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
static inline uint64_t next(void) {
    uint64_t r = rotl(s[0] + s[3], 23) + s[0], t = s[1] << 17;
    s[2] ^= s[0]; s[3] ^= s[1]; s[1] ^= s[2]; s[0] ^= s[3]; s[2] ^= t; s[3] = rotl(s[3], 45);
    return r;
}
static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec + 1e-9 * t.tv_nsec; }

static void metropolis_sweep(int8_t *sp, int L, const uint64_t thr[5]) {
    for (int c = 0; c < 2; c++)
        for (int y = 0; y < L; y++) {
            int8_t *row = sp + y * L, *up = sp + ((y + L - 1) % L) * L, *dn = sp + ((y + 1) % L) * L;
            for (int x = (c + y) & 1; x < L; x += 2) {
                int h = up[x] + dn[x] + row[x == 0 ? L - 1 : x - 1] + row[x == L - 1 ? 0 : x + 1];
                int k = (row[x] * h + 4) >> 1;
                if (k <= 2 || next() < thr[k]) row[x] = -row[x];
            }
        }
}

static uint32_t *stack;
static long wolff_cluster(int8_t *sp, int L, uint64_t padd) {
    uint32_t i = (uint32_t)(((unsigned __int128)next() * (uint64_t)(L * L)) >> 64);
    int8_t s0 = sp[i]; long n = 1, top = 0;
    sp[i] = -s0; stack[top++] = i;
    while (top) {
        uint32_t j = stack[--top]; int x = j % L, y = j / L;
        uint32_t nb[4] = { y * L + (x + 1) % L, y * L + (x + L - 1) % L, ((y + 1) % L) * L + x, ((y + L - 1) % L) * L + x };
        for (int k = 0; k < 4; k++)
            if (sp[nb[k]] == s0 && next() < padd) { sp[nb[k]] = -s0; stack[top++] = nb[k]; n++; }
    }
    return n;
}

int main(int argc, char **argv) {
    if (argc != 5) { fprintf(stderr, "usage: %s metropolis|wolff L sweeps beta\n", argv[0]); return 2; }
    int L = atoi(argv[2]); long sweeps = atol(argv[3]); double beta = atof(argv[4]);
    s[0] = 0x9E3779B97F4A7C15ull; s[1] = 0xBF58476D1CE4E5B9ull; s[2] = 0x94D049BB133111EBull; s[3] = 12345;
    int8_t *sp = malloc((size_t)L * L);
    for (long i = 0; i < (long)L * L; i++) sp[i] = (next() >> 63) ? 1 : -1;
    if (!strcmp(argv[1], "metropolis")) {
        uint64_t thr[5];
        for (int k = 0; k < 5; k++) { double p = exp(-beta * (4.0 * k - 8.0)); thr[k] = p >= 1 ? UINT64_MAX : (uint64_t)(p * 18446744073709551616.0); }
        for (int i = 0; i < 20; i++) metropolis_sweep(sp, L, thr);
        double t0 = now();
        for (long i = 0; i < sweeps; i++) metropolis_sweep(sp, L, thr);
        printf("%.4f\n", (double)sweeps * L * L / ((now() - t0) * 1e9));
    } else {
        stack = malloc(sizeof(uint32_t) * (size_t)L * L);
        uint64_t padd = (uint64_t)((1.0 - exp(-2.0 * beta)) * 18446744073709551616.0);
        long target = (long)L * L * 20, flipped = 0;
        while (flipped < target) flipped += wolff_cluster(sp, L, padd); /* warm-up */
        flipped = 0; long clusters = 0; double t0 = now();
        while (flipped < sweeps * (long)L * L) { flipped += wolff_cluster(sp, L, padd); clusters++; }
        double dt = now() - t0;
        printf("%.4f %.3f\n", (double)flipped / (dt * 1e9), dt * 1e9 / flipped);
    }
    return 0;
}
