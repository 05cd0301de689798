/*
Check-and-time harness for ViewAL's view statistics and superpixel coverage
(cuda/src/view_statistics.cu), in the manner of llm.c's dev/cuda: a CPU reference written from
ALGORITHMS.md section 1 (double throughout, a plain loop per target and source, as
ReferenceViewOps), validated on a small synthetic scene (a tilted plane seen by 3 cameras, with
holes in the depth and a far occluder so some points fail the 1 m test), at several workspace
batch sizes and both depth modes; then a 25-frame 320x240x40 scene timed with CUDA events after
an L2 flush (cuda/dev/common.h).

Build: cmake -S . -B build -DACTIVESEG_BUILD_DEV_HARNESS=ON && cmake --build build -j
Run:   build/view_statistics_harness [N C H W]   (timing scene, default 25 40 240 320)
*/
#include "../src/view_statistics.cu"
#include "../src/status.cu"
#include "common.h"

#include <algorithm>
#include <map>
#include <tuple>
#include <vector>

// ----------------------------------------------------------------------------
// synthetic scene

struct Scene {
  int n, c, w, h;
  std::vector<double> cameras;  // (N, 36)
  std::vector<float> depth;     // (N, P)
  std::vector<float> probs;     // (N, C, P)
  std::vector<int> spx;         // (N, P) dense ids
  std::vector<int> spx_count;   // (N)
  int64_t p() const { return (int64_t)w * h; }
};

// camera f: translated along x by f * baseline, rotated about y by f * yaw; looks at the plane
// z = 2 + 0.2 x (world); depth by ray casting; a few holes and a far occluder strip
static Scene make_scene(int n, int c, int h, int w, double baseline, unsigned seed) {
  Scene s{n, c, w, h, {}, {}, {}, {}, {}};
  const int64_t p = s.p();
  s.cameras.resize((size_t)n * 36);
  s.depth.resize((size_t)n * p);
  s.probs.resize((size_t)n * c * p);
  s.spx.resize((size_t)n * p);
  s.spx_count.resize(n);
  srand(seed);
  const double fx = 0.9 * w, fy = 0.9 * w, cx = (w - 1) / 2.0, cy = (h - 1) / 2.0;
  for (int f = 0; f < n; f++) {
    double* cam = &s.cameras[(size_t)f * 36];
    const double yaw = 0.02 * f, ca = std::cos(yaw), sa = std::sin(yaw);
    const double tx = baseline * f;
    const double c2w[16] = {ca, 0, sa, tx, 0, 1, 0, 0, -sa, 0, ca, 0, 0, 0, 0, 1};
    const double w2c[16] = {ca, 0, -sa, -ca * tx, 0, 1, 0, 0, sa, 0, ca, -sa * tx, 0, 0, 0, 1};
    cam[0] = fx; cam[1] = fy; cam[2] = cx; cam[3] = cy;
    for (int k = 0; k < 16; k++) { cam[4 + k] = c2w[k]; cam[20 + k] = w2c[k]; }
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        // ray r = R (dx, dy, 1) from centre (tx, 0, 0); plane z = 2 + 0.2 x
        const double dx = (x - cx) / fx, dy = (y - cy) / fy;
        const double rx = ca * dx + sa, rz = -sa * dx + ca;
        const double tpar = (2.0 + 0.2 * tx) / (rz - 0.2 * rx);  // camera z of the hit point (ray has z 1)
        float d = (float)tpar;
        if (x > w / 3 && x < w / 3 + w / 16 && y < h / 2) d = 0.6f * d;  // occluder strip
        if (rand() % 23 == 0) d = 0.0f;                                  // holes
        s.depth[(size_t)f * p + (size_t)y * w + x] = d;
        s.spx[(size_t)f * p + (size_t)y * w + x] = (y * 4 / h) * 4 + (x * 4 / w);
      }
    }
    s.spx_count[f] = 16;
    dev::random_probabilities(s.probs.data() + (size_t)f * c * p, c, p);
  }
  return s;
}

// ----------------------------------------------------------------------------
// CPU reference (double, the spec's formulas; plain C++ so the compiler does not fuse)

static int land_cpu(const Scene& s, int j, int t, int64_t i, double thr2, bool project_invalid) {
  const double* a = &s.cameras[(size_t)j * 36];
  const double* b = &s.cameras[(size_t)t * 36];
  const float d = s.depth[(size_t)j * s.p() + i];
  if (d == 0 && !project_invalid) return -1;
  auto xf = [](const double* m, double x, double y, double z, double* o) {
    for (int r = 0; r < 3; r++) {
      volatile double a0 = m[4 * r] * x, a1 = m[4 * r + 1] * y, a2 = m[4 * r + 2] * z;
      volatile double s0 = a0 + a1;
      volatile double s1 = s0 + a2;
      o[r] = s1 + m[4 * r + 3];
    }
  };
  auto back = [&](const double* cam, int x, int y, float dep, double* o) {
    volatile double px = ((x - cam[2]) * (double)dep) / cam[0];
    volatile double py = ((y - cam[3]) * (double)dep) / cam[1];
    xf(cam + 4, px, py, dep, o);
  };
  double w[3], c[3], bk[3];
  back(a, (int)(i % s.w), (int)(i / s.w), d, w);
  xf(b + 20, w[0], w[1], w[2], c);
  if (c[2] == 0 || !std::isfinite(c[2])) return -1;
  volatile double nu = b[0] * c[0], nv = b[1] * c[1], zu = b[2] * c[2], zv = b[3] * c[2];
  volatile double su = nu + zu, sv = nv + zv;
  double u = std::nearbyint(su / c[2]), v = std::nearbyint(sv / c[2]);
  if (!(u >= 0 && u < s.w && v >= 0 && v < s.h)) return -1;
  int tt = (int)v * s.w + (int)u;
  back(b, (int)u, (int)v, s.depth[(size_t)t * s.p() + tt], bk);
  volatile double dx = w[0] - bk[0], dy = w[1] - bk[1], dz = w[2] - bk[2];
  volatile double xx = dx * dx, yy = dy * dy, zz = dz * dz;
  volatile double s0 = xx + yy;
  volatile double s1 = s0 + zz;
  return s1 < thr2 ? tt : -1;
}

static void view_statistics_cpu(const Scene& s, double thr, bool inv, std::vector<float>& ve, std::vector<float>& vd,
                                std::vector<int64_t>& landed) {
  const int64_t p = s.p();
  const int c = s.c;
  ve.assign((size_t)s.n * p, 0);
  vd.assign((size_t)s.n * p, 0);
  landed.assign(s.n, 0);
  for (int t = 0; t < s.n; t++) {
    std::vector<double> sums((size_t)c * p, 0), div(p, 0);
    std::vector<int> count(p, 0);
    auto P = [&](int f, int k, int64_t i) { return (double)s.probs[((size_t)f * c + k) * p + i]; };
    for (int j = 0; j < s.n; j++) {
      for (int64_t i = 0; i < p; i++) {
        int u = land_cpu(s, j, t, i, thr * thr, inv);
        if (u < 0) continue;
        landed[t]++;
        count[u]++;
        double kl = 0;
        for (int k = 0; k < c; k++) {
          sums[(size_t)k * p + u] += P(j, k, i);
          kl += P(t, k, u) * (std::log2(P(t, k, u) + 1e-8) - std::log2(P(j, k, i) + 1e-8));
        }
        div[u] += kl;
      }
    }
    for (int64_t u = 0; u < p; u++) {
      if (count[u] == 0) continue;
      double row = 0, h = 0;
      for (int k = 0; k < c; k++) row += sums[(size_t)k * p + u];
      for (int k = 0; k < c; k++) {
        double q = sums[(size_t)k * p + u] / row;
        h -= q * std::log2(q + 1e-12);
      }
      ve[(size_t)t * p + u] = (float)h;
      vd[(size_t)t * p + u] = (float)(div[u] / count[u]);
    }
  }
}

using CoverageMap = std::map<std::tuple<int, int, int>, int64_t>;  // (target spx, source frame, source spx) -> points

static CoverageMap coverage_cpu(const Scene& s, int t, double thr, bool inv) {
  CoverageMap m;
  for (int j = 0; j < s.n; j++) {
    for (int64_t i = 0; i < s.p(); i++) {
      int u = land_cpu(s, j, t, i, thr * thr, inv);
      if (u >= 0) m[{s.spx[(size_t)t * s.p() + u], j, s.spx[(size_t)j * s.p() + i]}]++;
    }
  }
  return m;
}

// ----------------------------------------------------------------------------
// device scene

struct DeviceScene {
  double* cameras;
  float *depth, *probs, *logs, *ve, *vd;
  int64_t *landed, *offsets, *runs;
  int* spx;
  int* counts;
  unsigned long long* keys;
  void* view_ws;
  void* cov_ws;
  int64_t view_ws_bytes, cov_ws_bytes, total_spx;
};

template <class T>
static T* upload(const std::vector<T>& v) {
  T* d;
  CHECK(cudaMalloc(&d, std::max<size_t>(1, v.size() * sizeof(T))));
  CHECK(cudaMemcpy(d, v.data(), v.size() * sizeof(T), cudaMemcpyHostToDevice));
  return d;
}

static DeviceScene upload_scene(const Scene& s, int64_t batch) {
  DeviceScene d{};
  const int64_t p = s.p();
  d.cameras = upload(s.cameras);
  d.depth = upload(s.depth);
  d.probs = upload(s.probs);
  d.spx = upload(s.spx);
  std::vector<int64_t> off(s.n, 0);
  for (int f = 1; f < s.n; f++) off[f] = off[f - 1] + s.spx_count[f - 1];
  d.total_spx = off[s.n - 1] + s.spx_count[s.n - 1];
  d.offsets = upload(off);
  CHECK(cudaMalloc(&d.logs, s.probs.size() * sizeof(float)));
  CHECK(cudaMalloc(&d.ve, (size_t)s.n * p * sizeof(float)));
  CHECK(cudaMalloc(&d.vd, (size_t)s.n * p * sizeof(float)));
  CHECK(cudaMalloc(&d.landed, s.n * sizeof(int64_t)));
  CHECK(cudaMalloc(&d.runs, sizeof(int64_t)));
  CHECK(cudaMalloc(&d.counts, (size_t)s.n * p * sizeof(int)));
  CHECK(cudaMalloc(&d.keys, (size_t)s.n * p * sizeof(unsigned long long)));
  CHECK_AS(as_view_statistics_workspace_bytes(s.c, p, batch, &d.view_ws_bytes));
  CHECK(cudaMalloc(&d.view_ws, d.view_ws_bytes));
  CHECK_AS(as_superpixel_coverage_workspace_bytes(s.n, p, &d.cov_ws_bytes));
  CHECK(cudaMalloc(&d.cov_ws, d.cov_ws_bytes));
  return d;
}

static int validate(const Scene& s, double thr, bool inv, int64_t batch) {
  const int64_t p = s.p();
  DeviceScene d = upload_scene(s, batch);
  std::vector<float> ve, vd, gve((size_t)s.n * p), gvd((size_t)s.n * p);
  std::vector<int64_t> landed, glanded(s.n);
  view_statistics_cpu(s, thr, inv, ve, vd, landed);
  CHECK_AS(as_view_statistics(d.cameras, d.depth, d.probs, d.logs, s.n, s.c, s.w, s.h, thr, inv, d.view_ws,
                              d.view_ws_bytes, d.ve, d.vd, d.landed, 0));
  CHECK(cudaMemcpy(gve.data(), d.ve, gve.size() * sizeof(float), cudaMemcpyDeviceToHost));
  CHECK(cudaMemcpy(gvd.data(), d.vd, gvd.size() * sizeof(float), cudaMemcpyDeviceToHost));
  CHECK(cudaMemcpy(glanded.data(), d.landed, s.n * sizeof(int64_t), cudaMemcpyDeviceToHost));
  int failures = 0;
  // absolute tolerance 1e-5 (worst_error in its units; NaN counts as a failure)
  const double worst_ve = dev::worst_error(gve.data(), ve.data(), (int64_t)ve.size(), 0.0, 1e-5);
  const double worst_vd = dev::worst_error(gvd.data(), vd.data(), (int64_t)vd.size(), 0.0, 1e-5);
  bool landed_ok = true;
  for (int t = 0; t < s.n; t++) landed_ok = landed_ok && landed[t] == glanded[t];
  std::printf("  view statistics thr=%g invalid=%d batch=%lld: landed[0]=%lld (cpu %lld) max |dVE|=%.2e |dVD|=%.2e %s\n",
              thr, (int)inv, (long long)batch, (long long)glanded[0], (long long)landed[0], worst_ve * 1e-5,
              worst_vd * 1e-5, dev::verdict(landed_ok && worst_ve <= 1.0 && worst_vd <= 1.0, &failures));
  for (int t = 0; t < s.n; t++) {
    CoverageMap want = coverage_cpu(s, t, thr, inv);
    const int64_t st = s.spx_count[t];
    CHECK_AS(as_superpixel_coverage(d.cameras, d.depth, d.spx, d.offsets, s.n, s.w, s.h, thr, inv, t, st, d.total_spx,
                                    d.cov_ws, d.cov_ws_bytes, d.keys, d.counts, d.runs, 0));
    int64_t runs = 0;
    CHECK(cudaMemcpy(&runs, d.runs, sizeof(int64_t), cudaMemcpyDeviceToHost));
    std::vector<unsigned long long> keys(runs);
    std::vector<int> counts(runs);
    CHECK(cudaMemcpy(keys.data(), d.keys, runs * sizeof(unsigned long long), cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(counts.data(), d.counts, runs * sizeof(int), cudaMemcpyDeviceToHost));
    std::vector<int64_t> off(s.n, 0);
    for (int f = 1; f < s.n; f++) off[f] = off[f - 1] + s.spx_count[f - 1];
    CoverageMap got;
    for (int64_t r = 0; r < runs; r++) {
      const int64_t key = (int64_t)keys[r];
      if (key == st * d.total_spx) continue;
      const int a = (int)(key / d.total_spx);
      const int64_t g = key % d.total_spx;
      const int j = (int)(std::upper_bound(off.begin(), off.end(), g) - off.begin()) - 1;
      got[{a, j, (int)(g - off[j])}] = counts[r];
    }
    if (got != want) {
      std::printf("  coverage target %d: %zu entries, cpu %zu: FAIL\n", t, got.size(), want.size());
      failures++;
    }
  }
  std::printf("  coverage of %d targets %s\n", s.n, failures ? "checked (see above)" : "ok");
  return failures;
}

int main(int argc, char** argv) {
  int failures = 0;
  std::printf("validation: 3 cameras, 5 classes, 24x32\n");
  Scene small = make_scene(3, 5, 24, 32, 0.15, 7);
  for (bool inv : {false, true}) {
    for (int64_t batch : {1, 2, 3}) failures += validate(small, 1.0, inv, batch);
  }
  failures += validate(small, 0.05, false, 3);

  int n = argc > 1 ? std::atoi(argv[1]) : 25;
  int c = argc > 2 ? std::atoi(argv[2]) : 40;
  int h = argc > 3 ? std::atoi(argv[3]) : 240;
  int w = argc > 4 ? std::atoi(argv[4]) : 320;
  std::printf("timing: N=%d C=%d H=%d W=%d\n", n, c, h, w);
  Scene big = make_scene(n, c, h, w, 0.05, 11);
  const int64_t p = big.p();
  DeviceScene d = upload_scene(big, std::min<int64_t>(n, (int64_t{1} << 30) / activeseg::view_target_bytes(c, p)));
  const int reps = 5;
  const float view_ms = dev::time_ms(reps, [&] {
    CHECK_AS(as_view_statistics(d.cameras, d.depth, d.probs, d.logs, n, c, w, h, 1.0, 0, d.view_ws, d.view_ws_bytes,
                                d.ve, d.vd, d.landed, 0));
  });
  const float cov_ms = dev::time_ms(reps, [&] {
    for (int t = 0; t < n; t++) {
      CHECK_AS(as_superpixel_coverage(d.cameras, d.depth, d.spx, d.offsets, n, w, h, 1.0, 0, t, big.spx_count[t],
                                      d.total_spx, d.cov_ws, d.cov_ws_bytes, d.keys, d.counts, d.runs, 0));
    }
  });
  const double pairs = (double)n * n * p;
  std::printf("  view statistics: %.3f ms (%.1f G point projections/s, workspace %.0f MB)\n", view_ms,
              pairs / view_ms / 1e6, d.view_ws_bytes / 1e6);
  std::printf("  superpixel coverage (all %d targets, device only): %.3f ms\n", n, cov_ms);
  std::printf(failures ? "FAILED (%d)\n" : "all ok\n", failures);
  return failures ? 1 : 0;
}
