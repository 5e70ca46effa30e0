package io.dockyard.registry;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class S3SettingsTest {
    @Test
    void anEndpointMeansPathStyleAndPresignedUrlsNameIt() {
        S3Settings s = S3Settings.parse("s3://registry/team/a/", Map.of("DOCKYARD_S3_ENDPOINT", "http://127.0.0.1:9000", "AWS_REGION", "eu-west-1"));
        assertThat(s.bucket()).isEqualTo("registry");
        assertThat(s.prefix()).isEqualTo("team/a/");
        assertThat(s.endpoint()).isEqualTo(URI.create("http://127.0.0.1:9000"));
        assertThat(s.region()).isEqualTo("eu-west-1");
        assertThat(s.pathStyle()).isTrue();
        assertThat(s.presignedPulls()).isFalse();
        assertThat(s.presignExpiry()).isEqualTo(Duration.ofMinutes(15));
        assertThat(s.publicEndpoint()).isEqualTo(s.endpoint());
    }

    @Test
    void onAwsTheDefaultsAreVirtualHostedAndTheSettingsOverrideThem() {
        S3Settings aws = S3Settings.parse("s3://my-bucket", Map.of());
        assertThat(aws.prefix()).isEmpty();
        assertThat(aws.endpoint()).isNull();
        assertThat(aws.region()).isEqualTo("us-east-1");
        assertThat(aws.pathStyle()).isFalse();
        S3Settings set = S3Settings.parse("s3://my-bucket/p", Map.of("DOCKYARD_S3_REGION", "ap-south-1", "AWS_REGION", "eu-west-1",
                "DOCKYARD_S3_PRESIGNED_PULLS", "true", "DOCKYARD_S3_PRESIGN_EXPIRY", "2m", "DOCKYARD_S3_PATH_STYLE", "yes",
                "DOCKYARD_S3_ENDPOINT", "http://s3.internal:9000", "DOCKYARD_S3_PUBLIC_ENDPOINT", "https://s3.example.com"));
        assertThat(set.region()).isEqualTo("ap-south-1");
        assertThat(set.presignedPulls()).isTrue();
        assertThat(set.presignExpiry()).isEqualTo(Duration.ofMinutes(2));
        assertThat(set.publicEndpoint()).isEqualTo(URI.create("https://s3.example.com"));
    }

    @Test
    void wrongSettingsAreRefusedWithTheirName() {
        assertThatThrownBy(() -> S3Settings.parse("s3://", Map.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> S3Settings.parse("s3://b", Map.of())).hasMessageContaining("s3://b");
        assertThatThrownBy(() -> S3Settings.parse("s3://bucket", Map.of("DOCKYARD_S3_PRESIGNED_PULLS", "maybe"))).hasMessageContaining("DOCKYARD_S3_PRESIGNED_PULLS");
        assertThatThrownBy(() -> S3Settings.parse("s3://bucket", Map.of("DOCKYARD_S3_ENDPOINT", "localhost"))).hasMessageContaining("DOCKYARD_S3_ENDPOINT");
        assertThatThrownBy(() -> RegistrySettings.from(Map.of("DOCKYARD_BLOB_STORE", "gs://bucket"))).hasMessageContaining("gs://bucket");
        assertThat(RegistrySettings.from(Map.of("DOCKYARD_BLOB_STORE", "file")).s3()).isNull();
        assertThat(RegistrySettings.from(Map.of()).withBlobStore("s3://bucket/x", Map.of()).s3().bucket()).isEqualTo("bucket");
    }
}
