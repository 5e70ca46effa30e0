package io.dockyard.server;

import io.dockyard.registry.scan.OsvDatabase;
import io.dockyard.registry.scan.OsvFeed;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;

/** {@code dockyard scan-db import|status}: the vulnerability database image scans match against (docs/scanning.md). */
@Command(name = "scan-db", description = "Manage the vulnerability database (OSV format) that ECR image scans use.",
        subcommands = {ScanDbCommand.Import.class, ScanDbCommand.Status.class})
final class ScanDbCommand implements Runnable {
    @Override
    public void run() { picocli.CommandLine.usage(this, System.out); }

    static class DataDir {
        @Option(names = "--data-dir", defaultValue = "${env:DOCKYARD_DATA_DIR:-${sys:user.home}/.dockyard}", description = "State directory (default ${DEFAULT-VALUE}).")
        Path dataDir;
    }

    @Command(name = "import", description = "Import an OSV feed: a directory of OSV JSON files, a .zip of them (osv.dev's all.zip), or one .json file. "
            + "Replaces the database; a feed that does not parse leaves the old one. A running server uses the new database from its next scan.")
    static final class Import extends DataDir implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "FEED", description = "Directory, .zip or .json of OSV records.")
        Path feed;

        @Override
        public Integer call() {
            long start = System.nanoTime();
            try {
                OsvDatabase.Loaded db = new OsvDatabase(dataDir).importFeed(feed, Clock.systemUTC());
                System.out.printf("imported %d vulnerabilities (%d affected packages) into %s in %d ms%n",
                        db.vulns().size(), db.affectedCount(), new OsvDatabase(dataDir).file(), (System.nanoTime() - start) / 1_000_000);
                return 0;
            } catch (OsvFeed.BadFeedException e) {
                System.err.println("scan-db import: the feed does not parse, the database is unchanged: " + e.getMessage());
                return 2;
            } catch (IOException e) {
                System.err.println("scan-db import: " + e);
                return 1;
            }
        }
    }

    @Command(name = "status", description = "Show the imported database.")
    static final class Status extends DataDir implements Callable<Integer> {
        @Override
        public Integer call() throws IOException {
            OsvDatabase db = new OsvDatabase(dataDir);
            var loaded = db.current();
            if (loaded.isEmpty()) {
                System.out.println("no vulnerability database in " + db.file() + " (import one with: dockyard scan-db import <feed>)");
                return 1;
            }
            var l = loaded.get();
            System.out.printf("%s: %d vulnerabilities, %d affected packages, imported %s, source updated %s%n",
                    db.file(), l.vulns().size(), l.affectedCount(), l.importedAt(), l.sourceUpdatedAt());
            return 0;
        }
    }
}
