package org.cricketstream.cricsheet.generate;

import org.cricketstream.cricsheet.model.MatchFormat;

/**
 * How cricket is played in one format, as chances per ball: what a legal ball yields for a middling
 * batter against a middling bowler at ordinary pace (weights, need not add up to 1), how often a
 * ball is a wide or a no-ball, and the few rarer things. Tuned so that innings come out shaped like
 * real ones: T20 first innings mostly 120 to 200, ODIs around 260, Test innings around 320 at three
 * runs an over.
 */
record Profile(
    MatchFormat format,
    double dot,
    double one,
    double two,
    double three,
    double four,
    double six,
    double out,
    double legbye,
    double bye,
    double wide,
    double noball,
    double runOutShare,
    double penaltyPerBall,
    double retiredHurtPerBall,
    double retiredOutPerBall,
    double retiredNotOutPerBall,
    double parRate) {

  static final Profile T20 =
      new Profile(
          MatchFormat.T20,
          0.34,
          0.37,
          0.075,
          0.004,
          0.095,
          0.043,
          0.046,
          0.013,
          0.004,
          0.035,
          0.006,
          0.1,
          1 / 9000.0,
          1 / 3500.0,
          1 / 18000.0,
          1 / 30000.0,
          8.2);

  static final Profile ODI =
      new Profile(
          MatchFormat.ODI,
          0.50,
          0.31,
          0.06,
          0.006,
          0.085,
          0.015,
          0.026,
          0.012,
          0.004,
          0.022,
          0.005,
          0.09,
          1 / 12000.0,
          1 / 6000.0,
          1 / 60000.0,
          1 / 50000.0,
          5.4);

  static final Profile TEST =
      new Profile(
          MatchFormat.TEST,
          0.70,
          0.15,
          0.035,
          0.008,
          0.07,
          0.004,
          0.0125,
          0.008,
          0.005,
          0.005,
          0.009,
          0.035,
          1 / 15000.0,
          1 / 9000.0,
          1 / 90000.0,
          1 / 80000.0,
          3.2);

  static Profile of(MatchFormat format) {
    return switch (format) {
      case T20 -> T20;
      case ODI -> ODI;
      case TEST -> TEST;
      case OTHER -> throw new IllegalArgumentException("no profile for " + format);
    };
  }
}
