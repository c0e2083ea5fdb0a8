package dev.facet.dictionaries.sae.train;

import dev.facet.spi.ConfigException;

/**
 * Learning rate with linear warm-up then cosine decay (Loshchilov and Hutter 2017, "SGDR"):
 * {@code lr_i = base·(i+1)/warmup} for i &lt; warmup, then
 * {@code final + ½(base − final)(1 + cos(π·(i − warmup)/(T − warmup)))}.
 */
public record CosineSchedule(double base, double end, long warmup, long total) {

    public CosineSchedule {
        if (!(base > 0) || !(end >= 0) || end > base) {
            throw ConfigException.outOfRange("lr / final_lr", base + " / " + end, "0 <= final_lr <= lr, lr > 0");
        }
        if (warmup < 0 || total < 1) {
            throw ConfigException.outOfRange("warmup_steps / total steps", warmup + " / " + total, ">= 0 / >= 1");
        }
    }

    /** The learning rate of step {@code step} (0-based). */
    public double at(long step) {
        if (step < warmup) {
            return base * (step + 1) / warmup;
        }
        long span = Math.max(1, total - warmup);
        double progress = Math.min(1.0, (double) (step - warmup) / span);
        return end + 0.5 * (base - end) * (1 + Math.cos(Math.PI * progress));
    }
}
