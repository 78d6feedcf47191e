package org.cricketstream.cricsheet.generate;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * The invented cricket world the generator plays in: twelve national sides, each with a squad of
 * eighteen named players (openers, batters, wicket-keepers, all-rounders, pace and spin bowlers),
 * three home grounds, and a panel of umpires and referees. Everyone has a unique name and a unique
 * 8-hex registry id, the same in every match, so the players' records add up across matches. It is
 * made from the seed alone: the same seed makes the same world.
 */
final class League {

  /** How a player plays; decides where they bat and whether they bowl. */
  enum Role {
    OPENER,
    BATTER,
    KEEPER,
    ALLROUNDER,
    BOWLER
  }

  /** How a player bowls, if at all. */
  enum Style {
    PACE,
    SPIN,
    NONE
  }

  /**
   * One player.
   *
   * @param batting batting skill, about 0.4 (a number 11) to 1.3 (a star batter)
   * @param bowling bowling skill, 0 for a player who does not bowl, up to about 1.3
   */
  record Player(String name, String id, Role role, double batting, double bowling, Style style) {
    boolean bowls() {
      return style != Style.NONE;
    }
  }

  /** A ground and the city it is in. */
  record Venue(String name, String city) {}

  /** A national side. */
  record Team(String name, boolean southern, List<Venue> venues, List<Player> squad) {}

  /** A match official. */
  record Official(String name, String id) {}

  private static final String[] TEAMS = {
    "Ashcombe", "Brackenridge", "Caravel Islands", "Dunhollow", "Eskerdale", "Fernhaven",
    "Greystone", "Highmarsh", "Ironbridge", "Kestrel Bay", "Larchmont", "Marrowvale"
  };
  private static final String[] CITY_STARTS = {
    "Port", "North", "South", "East", "West", "Upper", "Lower", "New", "Old", "Saint", "Fort",
    "Glen"
  };
  private static final String[] PLACE_STEMS = {
    "Alder", "Bram", "Carra", "Dene", "Ellis", "Fallow", "Garth", "Harrow", "Inver", "Jarrow",
    "Kell", "Lowen", "Mallory", "Nether", "Orrin", "Penrose", "Quarry", "Redmire", "Selby", "Tarn",
    "Ulver", "Vale", "Wren", "Yarrow"
  };
  private static final String[] GROUND_KINDS = {
    "Oval", "Cricket Ground", "Park", "Stadium", "Recreation Ground", "Sports Club Ground"
  };
  private static final String[] SURNAME_STARTS = {
    "Ash", "Bar", "Brad", "Cal", "Dun", "Fair", "Gar", "Hal", "Har", "Kirk", "Lang", "Mar", "Mor",
    "Pem", "Ral", "Sel", "Thorn", "Wal", "Wes", "Whit", "Ald", "Ber", "Cor", "Dal", "Eld", "Fen",
    "Gil", "Hart", "Lind", "Mel", "Nor", "Os", "Per", "Rad", "Stan", "Tal", "Ver", "Wyn", "Bel",
    "Carr", "Dray", "Fal", "Grim", "Hol", "Kel", "Mil", "Pen", "Ros", "Sut", "Trel"
  };
  private static final String[] SURNAME_ENDS = {
    "ton", "ley", "by", "well", "wood", "ford", "ham", "combe", "field", "more", "stead", "worth",
    "bridge", "dale", "hurst", "land", "ridge", "wick", "sley", "rick", "den", "lock", "mer", "son"
  };
  private static final String[] FIRST_NAMES = {
    "Arlo", "Bram", "Caius", "Dario", "Emil", "Felix", "Galen", "Hugo", "Ivo", "Jalen", "Kian",
    "Lorne", "Milo", "Nico", "Oren", "Pavel", "Quin", "Rafe", "Silas", "Tobin", "Ulric", "Vance",
    "Wade", "Idris", "Kamal", "Ravi", "Tariq", "Sanjay", "Farid", "Omar", "Dev", "Nikhil", "Sami",
    "Amar", "Kiran", "Rohan", "Zaid", "Anil", "Bilal", "Haris", "Imran", "Junaid", "Mehdi", "Sohail"
  };
  private static final String INITIALS = "ABCDEGHJKLMNPRSTW";
  static final int SQUAD = 18;

  private final List<Team> teams;
  private final List<Official> umpires;
  private final List<Official> referees;

  private League(List<Team> teams, List<Official> umpires, List<Official> referees) {
    this.teams = List.copyOf(teams);
    this.umpires = List.copyOf(umpires);
    this.referees = List.copyOf(referees);
  }

  List<Team> teams() {
    return teams;
  }

  List<Official> umpires() {
    return umpires;
  }

  List<Official> referees() {
    return referees;
  }

  /** The world made from a seed. */
  static League of(long seed) {
    SplittableRandom rng = new SplittableRandom(seed ^ 0x5DEECE66DL);
    Set<String> names = new HashSet<>();
    Set<String> ids = new HashSet<>();
    Set<String> cities = new HashSet<>();
    List<Team> teams = new ArrayList<>();
    for (int t = 0; t < TEAMS.length; t++) {
      // Half the sides keep Cricsheet's "JR Hallam" style; the others write full names.
      boolean initials = t % 2 == 0;
      List<Venue> venues = new ArrayList<>();
      for (int v = 0; v < 3; v++) {
        String city = unique(cities, () -> city(rng));
        String ground =
            rng.nextInt(3) == 0
                ? PLACE_STEMS[rng.nextInt(PLACE_STEMS.length)] + " " + pick(rng, GROUND_KINDS)
                : city + " " + pick(rng, GROUND_KINDS);
        venues.add(new Venue(ground + ", " + city, city));
      }
      // Sides differ in strength, as national sides do: some win far more than they lose.
      double strength = between(rng, 0.86, 1.14);
      List<Player> squad = new ArrayList<>();
      addPlayers(squad, rng, names, ids, initials, Role.OPENER, 3, strength);
      addPlayers(squad, rng, names, ids, initials, Role.BATTER, 4, strength);
      addPlayers(squad, rng, names, ids, initials, Role.KEEPER, 2, strength);
      addPlayers(squad, rng, names, ids, initials, Role.ALLROUNDER, 2, strength);
      addPlayers(squad, rng, names, ids, initials, Role.BOWLER, 7, strength);
      teams.add(new Team(TEAMS[t], t % 2 == 1, venues, squad));
    }
    List<Official> umpires = new ArrayList<>();
    for (int i = 0; i < 18; i++) {
      umpires.add(
          new Official(unique(names, () -> personName(rng, rng.nextBoolean())), newId(rng, ids)));
    }
    List<Official> referees = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      referees.add(
          new Official(unique(names, () -> personName(rng, rng.nextBoolean())), newId(rng, ids)));
    }
    return new League(teams, umpires, referees);
  }

  private static void addPlayers(
      List<Player> squad,
      RandomGenerator rng,
      Set<String> names,
      Set<String> ids,
      boolean initials,
      Role role,
      int count,
      double strength) {
    for (int i = 0; i < count; i++) {
      String name = unique(names, () -> personName(rng, initials));
      String id = newId(rng, ids);
      double batting;
      double bowling = 0;
      Style style = Style.NONE;
      switch (role) {
        case OPENER, BATTER -> {
          batting = between(rng, 0.95, 1.25);
          // Some batters bowl a little part-time spin.
          if (i == 1 || i == 3) {
            bowling = between(rng, 0.55, 0.72);
            style = Style.SPIN;
          }
        }
        case KEEPER -> batting = between(rng, 0.85, 1.05);
        case ALLROUNDER -> {
          batting = between(rng, 0.78, 0.98);
          bowling = between(rng, 0.82, 1.0);
          style = i == 0 ? Style.PACE : Style.SPIN;
        }
        case BOWLER -> {
          batting = between(rng, 0.36, 0.62);
          bowling = between(rng, 0.95, 1.25);
          // Five quicks and two spinners in every squad.
          style = i < 5 ? Style.PACE : Style.SPIN;
        }
        default -> throw new IllegalStateException(role.toString());
      }
      squad.add(new Player(name, id, role, batting * strength, bowling * strength, style));
    }
  }

  private static String city(RandomGenerator rng) {
    String stem = pick(rng, PLACE_STEMS);
    return switch (rng.nextInt(4)) {
      case 0 -> pick(rng, CITY_STARTS) + " " + stem;
      case 1 -> stem + "ton";
      case 2 -> stem + "bury";
      default -> stem;
    };
  }

  /** "JR Hallam" or "Tariq Hallam". */
  private static String personName(RandomGenerator rng, boolean initials) {
    String surname = pick(rng, SURNAME_STARTS) + pick(rng, SURNAME_ENDS);
    if (!initials) {
      return pick(rng, FIRST_NAMES) + " " + surname;
    }
    int count = 1 + rng.nextInt(3);
    StringBuilder name = new StringBuilder();
    for (int i = 0; i < count; i++) {
      name.append(INITIALS.charAt(rng.nextInt(INITIALS.length())));
    }
    return name.append(' ').append(surname).toString();
  }

  /** A fresh 8-hex registry id, like Cricsheet's. */
  private static String newId(RandomGenerator rng, Set<String> ids) {
    return unique(ids, () -> String.format(Locale.ROOT, "%08x", rng.nextInt()));
  }

  private static String unique(Set<String> taken, java.util.function.Supplier<String> make) {
    while (true) {
      String candidate = make.get();
      if (taken.add(candidate)) {
        return candidate;
      }
    }
  }

  private static double between(RandomGenerator rng, double low, double high) {
    return low + rng.nextDouble() * (high - low);
  }

  private static String pick(RandomGenerator rng, String[] values) {
    return values[rng.nextInt(values.length)];
  }
}
