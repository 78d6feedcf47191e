package org.cricketstream.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import org.cricketstream.warehouse.WarehouseSettings.DuckDbUrls;
import org.junit.jupiter.api.Test;

/** A DuckLake URL names its folder and, optionally, the PostgreSQL database of its catalog. */
class DuckDbUrlsTest {
  @Test
  void aLakeWithoutACatalogParameterKeepsItsCatalogInItsFolder() {
    String url = "jdbc:duckdb:ducklake:/srv/lake";
    assertThat(DuckDbUrls.lakeFolder(url)).isEqualTo(Path.of("/srv/lake"));
    assertThat(DuckDbUrls.lakeCatalog(url)).isEmpty();
  }

  @Test
  void aPostgresCatalogIsNamedByHostPortAndDatabase() {
    String url = "jdbc:duckdb:ducklake:/srv/lake?catalog=postgresql://db.example:6543/lake";
    assertThat(DuckDbUrls.lakeFolder(url)).isEqualTo(Path.of("/srv/lake"));
    assertThat(DuckDbUrls.lakeCatalog(url))
        .contains(URI.create("postgresql://db.example:6543/lake"));
  }

  @Test
  void anythingElseAfterTheFolderIsRefusedSayingWhatIsExpected() {
    assertThatThrownBy(() -> DuckDbUrls.lakeCatalog("jdbc:duckdb:ducklake:/srv/lake?cat=x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("catalog=postgresql://HOST:PORT/DATABASE");
    assertThatThrownBy(
            () -> DuckDbUrls.lakeCatalog("jdbc:duckdb:ducklake:/srv/lake?catalog=mysql://h/db"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("postgresql://HOST[:PORT]/DATABASE");
    assertThatThrownBy(
            () -> DuckDbUrls.lakeCatalog("jdbc:duckdb:ducklake:/srv/lake?catalog=postgresql://h/"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
