package io.dockyard.server;

/** The one-screen summary printed by {@code dockyard up}. */
final class Banner {
    private Banner() {}

    static void print(ServerConfig c, int port) {
        String url = c.scheme() + "://" + (c.host().equals("0.0.0.0") ? "localhost" : c.host()) + ":" + port;
        System.out.println("""

                Dockyard %s is up.
                  ECS / ECR API   %s   (aws --endpoint-url %s ecs ...)
                  Registry        %s/v2/   (docker login %s)
                  Health          %s/_dockyard/health
                  State           %s
                  Account/region  %s / %s   (%s)
                Ctrl-C stops Dockyard; running containers are kept and re-adopted on the next start.
                """.formatted(Version.VERSION, url, url, url, c.registryHost(), url, c.dataDir(), c.account(), c.region(),
                c.localMode() ? "any credentials accepted in local mode" : "secure mode: SigV4 and IAM policies enforced"));
    }

    /** Secure mode's first start: the root access key, shown this once (only its derivation is kept). */
    static void rootKey(io.dockyard.iam.model.Credential root) {
        System.out.println("""

                Secure mode: the account's root access key (shown this once; store it now):
                  AWS_ACCESS_KEY_ID=%s
                  AWS_SECRET_ACCESS_KEY=%s
                Create users and roles with it (aws iam create-user ...) and keep it for emergencies.
                """.formatted(root.accessKeyId(), root.secretAccessKey()));
        System.out.flush();
    }
}
