package io.dockyard.server;

/** The one-screen summary printed by {@code dockyard up}. */
final class Banner {
    private Banner() {}

    static void print(ServerConfig c, int port) {
        String url = "http://" + (c.host().equals("0.0.0.0") ? "localhost" : c.host()) + ":" + port;
        System.out.println("""

                Dockyard %s is up.
                  ECS / ECR API   %s   (aws --endpoint-url %s ecs ...)
                  Registry        %s/v2/   (docker login %s)
                  Health          %s/_dockyard/health
                  State           %s
                  Account/region  %s / %s   (any credentials accepted in local mode)
                Ctrl-C stops Dockyard; running containers are kept and re-adopted on the next start.
                """.formatted(Version.VERSION, url, url, url, c.registryHost(), url, c.dataDir(), c.account(), c.region()));
    }
}
