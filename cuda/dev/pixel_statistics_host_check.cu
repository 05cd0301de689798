/*
Host-only check of the per-pixel statistic device code (cuda/src/pixel_kernels.cuh, compiled
__host__ __device__): the hand-computed cases of PixelOpsConformance (3-class pixel, one-hot
epsilon/xlogy semantics, single class, ties, huge logits) and random strided (C, P) maps against a
double reference, plus class-permutation invariance. Runs without a GPU, so the arithmetic of the
kernels can be checked on any machine with nvcc; the device itself is checked by
cuda/dev/pixel_statistics.cu.

Build: cmake -S . -B build -DACTIVESEG_BUILD_DEV_HARNESS=ON && cmake --build build -j
Run:   build/pixel_statistics_host_check        (exit status 0 when every case passes)
*/
#include "pixel_kernels.cuh"
#include "common.h"

#include <random>
#include <vector>
using namespace activeseg;
static float st(const std::vector<float>& m, int c, int64_t p, int64_t i, bool logits, int stat, float eps, bool l2) {
  ColumnReader<float> r(m.data() + i, c, p, 1.0f, logits);
  return column_statistic(r, c, stat, eps, l2);
}
int main() {
  int bad = 0;
  auto check = [&](const char* what, double got, double want, double tol) {
    printf("%-40s got %.10g want %.10g %s\n", what, got, want, dev::verdict(std::fabs(got - want) <= tol, &bad));
  };
  std::vector<float> p3 = {0.5f, 0.25f, 0.25f};
  check("log2 viewal", st(p3, 3, 1, 0, false, AS_STAT_ENTROPY, 1e-12f, true), 1.5, 1e-6);
  check("xlogy", st(p3, 3, 1, 0, false, AS_STAT_ENTROPY_XLOGY, 0, false), 1.5 * std::log(2.0), 1e-6);
  check("ripu", st(p3, 3, 1, 0, false, AS_STAT_ENTROPY, 1e-6f, false), -(0.5 * std::log(0.5 + 1e-6) + 0.5 * std::log(0.25 + 1e-6)), 1e-7);
  check("maxp", st(p3, 3, 1, 0, false, AS_STAT_MAX_PROBABILITY, 0, false), 0.5, 1e-7);
  check("lc", st(p3, 3, 1, 0, false, AS_STAT_LEAST_CONFIDENCE, 0, false), 0.5, 1e-7);
  check("margin", st(p3, 3, 1, 0, false, AS_STAT_MARGIN, 0, false), 0.25, 1e-7);
  std::vector<float> lg = {(float)std::log(2.0), 0.f, 0.f};
  check("logits log2", st(lg, 3, 1, 0, true, AS_STAT_ENTROPY, 1e-12f, true), 1.5, 1e-6);
  check("logits margin", st(lg, 3, 1, 0, true, AS_STAT_MARGIN, 0, false), 0.25, 1e-6);
  std::vector<float> oh = {1.f, 0.f};
  check("onehot xlogy", st(oh, 2, 1, 0, false, AS_STAT_ENTROPY_XLOGY, 0, false), 0.0, 0.0);
  check("onehot ripu", st(oh, 2, 1, 0, false, AS_STAT_ENTROPY, 1e-6f, false), -std::log(1 + 1e-6), 1e-9);
  check("onehot viewal", st(oh, 2, 1, 0, false, AS_STAT_ENTROPY, 1e-12f, true), 0.0, 1e-9);
  check("onehot margin", st(oh, 2, 1, 0, false, AS_STAT_MARGIN, 0, false), 1.0, 0.0);
  std::vector<float> one = {1.f};
  check("single class margin", st(one, 1, 1, 0, false, AS_STAT_MARGIN, 0, false), 1.0, 0.0);
  std::vector<float> tie = {0.4f, 0.4f, 0.2f};
  check("tie margin", st(tie, 3, 1, 0, false, AS_STAT_MARGIN, 0, false), 0.0, 0.0);
  std::vector<float> huge = {1000.f, 1000.f, -1000.f};
  check("huge logits log2", st(huge, 3, 1, 0, true, AS_STAT_ENTROPY, 1e-12f, true), 1.0, 1e-6);
  check("huge logits maxp", st(huge, 3, 1, 0, true, AS_STAT_MAX_PROBABILITY, 0, false), 0.5, 1e-7);
  // strided columns, permutation invariance, random vs double reference
  std::mt19937 rng(3);
  for (int c : {2, 19, 40, 64}) {
    int64_t p = 4099;
    std::vector<float> m(c * p), q(c * p);
    for (int64_t i = 0; i < p; i++) {
      double s = 0;
      for (int k = 0; k < c; k++) s += m[k * p + i] = std::uniform_real_distribution<float>(0.001f, 1.f)(rng);
      for (int k = 0; k < c; k++) m[k * p + i] = (float)(m[k * p + i] / s);
      for (int k = 0; k < c; k++) q[(c - 1 - k) * p + i] = m[k * p + i];
    }
    double worst = 0, worstPerm = 0;
    for (int64_t i = 0; i < p; i++) {
      for (int stat = 0; stat <= 4; stat++) {
        float eps = stat == 0 ? 1e-6f : 0;
        double acc = 0, t1 = -1, t2 = -1;
        for (int k = 0; k < c; k++) {
          double v = m[k * p + i];
          acc += stat == 1 ? (v == 0 ? 0 : v * std::log(v)) : v * std::log(v + 1e-6);
          if (v > t1) { t2 = t1; t1 = v; } else if (v > t2) t2 = v;
        }
        double want = stat <= 1 ? -acc : stat == 2 ? t1 : stat == 3 ? 1 - t1 : t1 - t2;
        float got = st(m, c, p, i, false, stat, eps, false);
        float perm = st(q, c, p, i, false, stat, eps, false);
        worst = std::fmax(worst, std::fabs(got - want) / (1e-5 * std::fabs(want) + 1e-6));
        worstPerm = std::fmax(worstPerm, std::fabs(got - perm));
      }
    }
    printf("C=%d: worst error %.3g of tolerance, worst permutation diff %.3g %s\n", c, worst, worstPerm,
           dev::verdict(worst <= 1 && worstPerm <= 1e-6, &bad));
  }
  return bad;
}
