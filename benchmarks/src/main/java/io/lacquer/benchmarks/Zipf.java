package io.lacquer.benchmarks;

import java.util.Random;

/** Keys drawn as a cache sees them: a few hot ones and a long tail (Zipf's law). */
final class Zipf {
    private Zipf() {
    }

    /**
     * {@code n} draws from 0 … {@code count}-1, the rank-r key drawn with probability proportional
     * to 1/r^{@code exponent}; ranks are shuffled over the keys so that hot keys are not neighbours.
     */
    static int[] draws(int count, int n, double exponent, Random random) {
        double[] cdf = new double[count];
        double sum = 0;
        for (int i = 0; i < count; i++) {
            sum += 1 / Math.pow(i + 1, exponent);
            cdf[i] = sum;
        }
        int[] rankToKey = new int[count];
        for (int i = 0; i < count; i++) {
            rankToKey[i] = i;
        }
        for (int i = count - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = rankToKey[i];
            rankToKey[i] = rankToKey[j];
            rankToKey[j] = t;
        }
        int[] out = new int[n];
        for (int k = 0; k < n; k++) {
            double u = random.nextDouble() * sum;
            int lo = 0;
            int hi = count - 1;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (cdf[mid] < u) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            out[k] = rankToKey[lo];
        }
        return out;
    }
}
