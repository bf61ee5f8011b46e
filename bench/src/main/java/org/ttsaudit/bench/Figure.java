package org.ttsaudit.bench;

/**
 * One measured figure and the baseline it is compared with, both from the same run. The ratio
 * always reads "times better than the baseline": value over baseline when higher is better, the
 * inverse when lower is better. A figure without a goal is reported, not judged.
 */
public record Figure(String suite, String name, double value, String unit, boolean higherIsBetter,
                     String baselineName, double baseline, double goalRatio, String detail, String limit) {

    /** NaN when there is no baseline. */
    public double ratio() {
        if (Double.isNaN(baseline) || baseline == 0 || value == 0) {
            return Double.NaN;
        }
        return higherIsBetter ? value / baseline : baseline / value;
    }

    public boolean hasGoal() {
        return !Double.isNaN(goalRatio);
    }

    public boolean met() {
        return hasGoal() && ratio() >= goalRatio;
    }

    public String goalText() {
        return hasGoal() ? ">= " + Table.number(goalRatio) + "x" : "-";
    }

    public String verdict() {
        return hasGoal() ? (met() ? "yes" : "NO") : "-";
    }

    /** Builder-style start: a figure with no baseline, goal, detail or limit yet. */
    public static Figure of(String suite, String name, double value, String unit, boolean higherIsBetter) {
        return new Figure(suite, name, value, unit, higherIsBetter, "", Double.NaN, Double.NaN, "", "");
    }

    public Figure against(String name, double value) {
        return new Figure(suite, this.name, this.value, unit, higherIsBetter, name, value, goalRatio, detail, limit);
    }

    public Figure goal(double ratio) {
        return new Figure(suite, name, value, unit, higherIsBetter, baselineName, baseline, ratio, detail, limit);
    }

    public Figure detail(String text) {
        return new Figure(suite, name, value, unit, higherIsBetter, baselineName, baseline, goalRatio, text, limit);
    }

    public Figure limit(String text) {
        return new Figure(suite, name, value, unit, higherIsBetter, baselineName, baseline, goalRatio, detail, text);
    }
}
