package io.dockyard.it.sqs;

import com.fasterxml.jackson.databind.JsonNode;
import io.dockyard.it.support.AwsCli;
import io.dockyard.it.support.OwnDockyard;
import io.dockyard.it.support.Sdk;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SqsException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * SQS as users drive it: both AWS CLIs (the Query protocol of the CLI v2 and whatever the {@code aws} on PATH speaks)
 * and the SDK for Java v2 (JSON 1.0; it verifies the MD5 digests of bodies and attributes on every send and receive).
 * Standard and FIFO queues, long polling, visibility, delay, dead-letter redrive, batches, the errors of bad input,
 * AWS/SQS metrics, and acknowledged sends and deletes surviving kill -9.
 */
class SqsIT {
    @RegisterExtension
    static final OwnDockyard dockyard = new OwnDockyard("--dns-address", "off").env("DOCKYARD_STATS_SECONDS", "2");
    private AwsCli aws;

    @BeforeEach
    void cli() { aws = dockyard.cli(); }

    @Test
    void bothClisCreateSendReceiveAndDeleteAndGetSqsErrors() {
        for (AwsCli cli : List.of(aws, aws.v2())) {
            String name = "cli-" + (cli == aws ? "path" : "v2");
            String url = cli.run("sqs", "create-queue", "--queue-name", name, "--attributes", "VisibilityTimeout=40", "--tags", "team=a").ok().at("/QueueUrl").asText();
            assertThat(url).endsWith("/000000000000/" + name);
            assertThat(cli.run("sqs", "get-queue-url", "--queue-name", name).ok().at("/QueueUrl").asText()).isEqualTo(url);
            assertThat(cli.run("sqs", "create-queue", "--queue-name", name, "--attributes", "VisibilityTimeout=41").stderr()).contains("QueueAlreadyExists");

            JsonNode sent = cli.run("sqs", "send-message", "--queue-url", url, "--message-body", "hello " + name, "--message-attributes",
                    "{\"kind\":{\"DataType\":\"String\",\"StringValue\":\"greeting\"},\"n\":{\"DataType\":\"Number\",\"StringValue\":\"7\"}}").ok();
            assertThat(sent.at("/MD5OfMessageBody").asText()).isEqualTo(md5("hello " + name));
            JsonNode got = cli.run("sqs", "receive-message", "--queue-url", url, "--attribute-names", "All", "--message-attribute-names", "All",
                    "--wait-time-seconds", "2").ok().at("/Messages/0");
            assertThat(got.at("/Body").asText()).isEqualTo("hello " + name);
            assertThat(got.at("/MessageId").asText()).isEqualTo(sent.at("/MessageId").asText());
            assertThat(got.at("/MD5OfMessageAttributes").asText()).isEqualTo(sent.at("/MD5OfMessageAttributes").asText());
            assertThat(got.at("/MessageAttributes/kind/StringValue").asText()).isEqualTo("greeting");
            assertThat(got.at("/Attributes/ApproximateReceiveCount").asText()).isEqualTo("1");
            JsonNode attrs = cli.run("sqs", "get-queue-attributes", "--queue-url", url, "--attribute-names", "All").ok().at("/Attributes");
            assertThat(attrs.at("/ApproximateNumberOfMessagesNotVisible").asText()).isEqualTo("1");
            assertThat(attrs.at("/VisibilityTimeout").asText()).isEqualTo("40");
            assertThat(attrs.at("/QueueArn").asText()).isEqualTo("arn:aws:sqs:us-east-1:000000000000:" + name);
            cli.run("sqs", "delete-message", "--queue-url", url, "--receipt-handle", got.at("/ReceiptHandle").asText()).ok();
            assertThat(cli.run("sqs", "get-queue-attributes", "--queue-url", url, "--attribute-names", "ApproximateNumberOfMessagesNotVisible").ok()
                    .at("/Attributes/ApproximateNumberOfMessagesNotVisible").asText()).isEqualTo("0");
            assertThat(cli.run("sqs", "list-queue-tags", "--queue-url", url).ok().at("/Tags/team").asText()).isEqualTo("a");
            assertThat(cli.run("sqs", "list-queues", "--queue-name-prefix", "cli-").ok().at("/QueueUrls").toString()).contains(url);

            // bad input: the SQS error codes, and nothing changes
            assertThat(cli.run("sqs", "get-queue-url", "--queue-name", "nope").stderr()).contains("AWS.SimpleQueueService.NonExistentQueue");
            assertThat(cli.run("sqs", "set-queue-attributes", "--queue-url", url, "--attributes", "VisibilityTimeout=99999").stderr()).contains("InvalidAttributeValue");
            assertThat(cli.run("sqs", "set-queue-attributes", "--queue-url", url, "--attributes", "Colour=blue").stderr()).contains("InvalidAttributeName");
            assertThat(cli.run("sqs", "delete-message", "--queue-url", url, "--receipt-handle", "garbage").stderr()).contains("ReceiptHandleIsInvalid");
            assertThat(cli.run("sqs", "send-message", "--queue-url", url, "--message-body", "file://" + bigBody()).stderr())
                    .contains("InvalidParameterValue").contains("shorter than 262144");
            assertThat(cli.run("sqs", "send-message", "--queue-url", url, "--message-body", "x", "--message-attributes",
                    "{\"AWS.bad\":{\"DataType\":\"String\",\"StringValue\":\"v\"}}").stderr()).contains("InvalidParameterValue");
            StringBuilder eleven = new StringBuilder("[");
            for (int i = 0; i < 11; i++) eleven.append(i == 0 ? "" : ",").append("{\"Id\":\"e").append(i).append("\",\"MessageBody\":\"b\"}");
            assertThat(cli.run("sqs", "send-message-batch", "--queue-url", url, "--entries", eleven.append("]").toString()).stderr())
                    .contains("TooManyEntriesInBatchRequest");
            assertThat(cli.run("sqs", "send-message-batch", "--queue-url", url, "--entries",
                    "[{\"Id\":\"a\",\"MessageBody\":\"1\"},{\"Id\":\"a\",\"MessageBody\":\"2\"}]").stderr()).contains("BatchEntryIdsNotDistinct");
            assertThat(cli.run("sqs", "get-queue-attributes", "--queue-url", url, "--attribute-names", "ApproximateNumberOfMessages").ok()
                    .at("/Attributes/ApproximateNumberOfMessages").asText()).as("refused sends left nothing").isEqualTo("0");
            cli.run("sqs", "delete-queue", "--queue-url", url).ok();
            assertThat(cli.run("sqs", "get-queue-url", "--queue-name", name).stderr()).contains("NonExistentQueue");
        }
    }

    @Test
    void theSdkVerifiesDigestsLongPollsRedrivesAndBatches() throws Exception {
        try (SqsClient sqs = Sdk.sqs(dockyard.endpoint())) {
            String url = sqs.createQueue(b -> b.queueName("sdk-work")).queueUrl();
            // every attribute type: the SDK checks MD5OfMessageBody and MD5OfMessageAttributes of the answer against its own
            Map<String, MessageAttributeValue> attrs = Map.of(
                    "s", MessageAttributeValue.builder().dataType("String").stringValue("text ü").build(),
                    "n", MessageAttributeValue.builder().dataType("Number.int").stringValue("-12.5").build(),
                    "b", MessageAttributeValue.builder().dataType("Binary").binaryValue(SdkBytes.fromByteArray(new byte[]{0, 1, 2, (byte) 255})).build());
            String id = sqs.sendMessage(b -> b.queueUrl(url).messageBody("{\"job\":1}").messageAttributes(attrs)).messageId();
            Message m = sqs.receiveMessage(b -> b.queueUrl(url).messageAttributeNames("All").messageSystemAttributeNames(MessageSystemAttributeName.ALL))
                    .messages().get(0);
            assertThat(m.messageId()).isEqualTo(id);
            assertThat(m.messageAttributes().get("b").binaryValue().asByteArray()).containsExactly(0, 1, 2, 255);
            assertThat(m.messageAttributes().get("n").stringValue()).isEqualTo("-12.5");
            assertThat(m.attributes().get(MessageSystemAttributeName.SENT_TIMESTAMP)).isNotBlank();

            // visibility: hidden after a receive; ChangeMessageVisibility to 0 shows it again at once
            assertThat(sqs.receiveMessage(b -> b.queueUrl(url)).messages()).isEmpty();
            sqs.changeMessageVisibility(b -> b.queueUrl(url).receiptHandle(m.receiptHandle()).visibilityTimeout(0));
            Message again = sqs.receiveMessage(b -> b.queueUrl(url).messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT))
                    .messages().get(0);
            assertThat(again.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)).isEqualTo("2");
            assertThat(again.receiptHandle()).isNotEqualTo(m.receiptHandle());
            sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(again.receiptHandle()));
            assertThatThrownBy(() -> sqs.changeMessageVisibility(b -> b.queueUrl(url).receiptHandle(again.receiptHandle()).visibilityTimeout(5)))
                    .isInstanceOfSatisfying(SqsException.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AWS.SimpleQueueService.MessageNotInflight"));

            // long polling: a waiting receive answers as soon as a message arrives
            List<Long> latencies = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                CompletableFuture<ReceiveMessageResponse> waiting = CompletableFuture.supplyAsync(() -> sqs.receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(10)));
                Thread.sleep(300);
                long sentAt = System.nanoTime();
                sqs.sendMessage(b -> b.queueUrl(url).messageBody("poke"));
                ReceiveMessageResponse r = waiting.get();
                latencies.add((System.nanoTime() - sentAt) / 1_000_000);
                assertThat(r.messages()).hasSize(1);
                sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(r.messages().get(0).receiptHandle()));
            }
            System.out.printf("sqs long poll: receive answered %s ms after the send returned%n", latencies);
            assertThat(latencies).allMatch(l -> l < 2000);

            // a delayed message: not there at first (counted as delayed), then a long poll gets it when the delay ends
            sqs.sendMessage(b -> b.queueUrl(url).messageBody("later").delaySeconds(2));
            assertThat(sqs.receiveMessage(b -> b.queueUrl(url)).messages()).isEmpty();
            assertThat(sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED))
                    .attributes().get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)).isEqualTo("1");
            Message later = sqs.receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(5)).messages().get(0);
            assertThat(later.body()).isEqualTo("later");
            sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(later.receiptHandle()));

            // batches: partial failure of one bad entry
            var batch = sqs.sendMessageBatch(b -> b.queueUrl(url).entries(
                    SendMessageBatchRequestEntry.builder().id("ok1").messageBody("one").build(),
                    SendMessageBatchRequestEntry.builder().id("bad").messageBody("two").messageAttributes(Map.of("x",
                            MessageAttributeValue.builder().dataType("Number").stringValue("not-a-number").build())).build(),
                    SendMessageBatchRequestEntry.builder().id("ok2").messageBody("three").build()));
            assertThat(batch.successful()).extracting(e -> e.id()).containsExactlyInAnyOrder("ok1", "ok2");
            assertThat(batch.failed()).singleElement().satisfies(f -> {
                assertThat(f.id()).isEqualTo("bad");
                assertThat(f.senderFault()).isTrue();
                assertThat(f.code()).isEqualTo("InvalidParameterValue");
            });
            List<Message> two = sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1)).messages();
            assertThat(two).extracting(Message::body).containsExactlyInAnyOrder("one", "three");
            var deleted = sqs.deleteMessageBatch(b -> b.queueUrl(url).entries(two.stream().map(x ->
                    software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry.builder().id(x.messageId().substring(0, 8)).receiptHandle(x.receiptHandle()).build()).toList()));
            assertThat(deleted.successful()).hasSize(2);

            // dead-letter queue: after maxReceiveCount receives the next receive moves the message there
            String dlqUrl = sqs.createQueue(b -> b.queueName("sdk-work-dlq")).queueUrl();
            String dlqArn = sqs.getQueueAttributes(b -> b.queueUrl(dlqUrl).attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN);
            String src = sqs.createQueue(b -> b.queueName("sdk-work-src").attributes(Map.of(QueueAttributeName.REDRIVE_POLICY,
                    "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":\"2\"}", QueueAttributeName.VISIBILITY_TIMEOUT, "0"))).queueUrl();
            String poison = sqs.sendMessage(b -> b.queueUrl(src).messageBody("poison")).messageId();
            assertThat(sqs.receiveMessage(b -> b.queueUrl(src)).messages()).hasSize(1);
            assertThat(sqs.receiveMessage(b -> b.queueUrl(src)).messages()).hasSize(1);
            assertThat(sqs.receiveMessage(b -> b.queueUrl(src)).messages()).as("the third receive moves it").isEmpty();
            Message dead = sqs.receiveMessage(b -> b.queueUrl(dlqUrl).waitTimeSeconds(2)).messages().get(0);
            assertThat(dead.messageId()).isEqualTo(poison);
            assertThat(dead.body()).isEqualTo("poison");
            assertThat(sqs.listDeadLetterSourceQueues(b -> b.queueUrl(dlqUrl)).queueUrls()).containsExactly(src);
            assertThatThrownBy(() -> sqs.createQueue(b -> b.queueName("sdk-bad-src").attributes(Map.of(QueueAttributeName.REDRIVE_POLICY,
                    "{\"deadLetterTargetArn\":\"arn:aws:sqs:us-east-1:000000000000:nowhere\",\"maxReceiveCount\":\"2\"}"))))
                    .isInstanceOfSatisfying(SqsException.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterValue"));

            // purge, once a minute
            sqs.sendMessage(b -> b.queueUrl(url).messageBody("gone soon"));
            sqs.purgeQueue(b -> b.queueUrl(url));
            assertThat(sqs.receiveMessage(b -> b.queueUrl(url)).messages()).isEmpty();
            assertThatThrownBy(() -> sqs.purgeQueue(b -> b.queueUrl(url)))
                    .isInstanceOfSatisfying(SqsException.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AWS.SimpleQueueService.PurgeQueueInProgress"));

            // AWS/SQS metrics reach CloudWatch
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofSeconds(1)).until(() ->
                    aws.run("cloudwatch", "list-metrics", "--namespace", "AWS/SQS", "--metric-name", "NumberOfMessagesSent", "--dimensions",
                            "Name=QueueName,Value=sdk-work").ok().at("/Metrics").size() == 1);
        }
    }

    @Test
    void fifoOrdersAndDeduplicatesAndAcknowledgedWorkSurvivesKill9() {
        String a1;
        try (SqsClient sqs = Sdk.sqs(dockyard.endpoint())) {
            String fifo = sqs.createQueue(b -> b.queueName("orders.fifo").attributes(Map.of(QueueAttributeName.FIFO_QUEUE, "true",
                    QueueAttributeName.CONTENT_BASED_DEDUPLICATION, "true"))).queueUrl();
            a1 = sqs.sendMessage(b -> b.queueUrl(fifo).messageBody("a1").messageGroupId("A")).messageId();
            sqs.sendMessage(b -> b.queueUrl(fifo).messageBody("a2").messageGroupId("A"));
            sqs.sendMessage(b -> b.queueUrl(fifo).messageBody("b1").messageGroupId("B"));
            assertThat(sqs.sendMessage(b -> b.queueUrl(fifo).messageBody("a1").messageGroupId("A")).messageId()).as("deduplicated").isEqualTo(a1);
            assertThatThrownBy(() -> sqs.sendMessage(b -> b.queueUrl(fifo).messageBody("no group")))
                    .isInstanceOfSatisfying(SqsException.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("MissingParameter"));
            List<Message> first = sqs.receiveMessage(b -> b.queueUrl(fifo).maxNumberOfMessages(1).messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
            assertThat(first).extracting(Message::body).containsExactly("a1");
            assertThat(first.get(0).attributes().get(MessageSystemAttributeName.SEQUENCE_NUMBER)).isNotBlank();
            List<Message> next = sqs.receiveMessage(b -> b.queueUrl(fifo).maxNumberOfMessages(10)).messages();
            assertThat(next).as("group A waits while a1 is in flight").extracting(Message::body).containsExactly("b1");
            sqs.deleteMessage(b -> b.queueUrl(fifo).receiptHandle(first.get(0).receiptHandle()));
            assertThat(sqs.receiveMessage(b -> b.queueUrl(fifo).maxNumberOfMessages(10)).messages()).extracting(Message::body).containsExactly("a2");

            // 50 sends and 10 deletes acknowledged, then kill -9: exactly the other 40 are there after the restart
            String work = sqs.createQueue(b -> b.queueName("durable")).queueUrl();
            for (int i = 0; i < 50; i += 10) {
                int from = i;
                sqs.sendMessageBatch(b -> b.queueUrl(work).entries(IntStream.range(from, from + 10).mapToObj(n ->
                        SendMessageBatchRequestEntry.builder().id("m" + n).messageBody("job-" + n).build()).toList()));
            }
            Set<String> deleted = new HashSet<>();
            while (deleted.size() < 10) {
                for (Message m : sqs.receiveMessage(b -> b.queueUrl(work).maxNumberOfMessages(10 - deleted.size()).visibilityTimeout(1)).messages()) {
                    sqs.deleteMessage(b -> b.queueUrl(work).receiptHandle(m.receiptHandle()));
                    deleted.add(m.body());
                }
            }
        }
        dockyard.process().kill9();
        dockyard.process().start();
        try (SqsClient sqs = Sdk.sqs(dockyard.endpoint())) {
            String work = sqs.getQueueUrl(b -> b.queueName("durable")).queueUrl();
            Set<String> left = new HashSet<>();
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                for (Message m : sqs.receiveMessage(b -> b.queueUrl(work).maxNumberOfMessages(10).visibilityTimeout(60)).messages()) left.add(m.body());
                return left.size() >= 40;
            });
            assertThat(left).hasSize(40).allMatch(b -> b.startsWith("job-"));
            assertThat(sqs.getQueueAttributes(b -> b.queueUrl(work).attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
                    .attributes().get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).isEqualTo("40");
            String fifo = sqs.getQueueUrl(b -> b.queueName("orders.fifo")).queueUrl();
            assertThat(sqs.sendMessage(b -> b.queueUrl(fifo).messageBody("a1").messageGroupId("A")).messageId())
                    .as("the deduplication window survives the restart").isEqualTo(a1);
            assertThat(Long.parseLong(sqs.sendMessage(b -> b.queueUrl(fifo).messageBody("a3").messageGroupId("A")).sequenceNumber()))
                    .as("sequence numbers go on from where they were").isEqualTo(4);
        }
    }

    /** A body one byte over 256 KiB, in a file (the CLI reads file://; one argument that long would exceed the kernel's limit). */
    private static String bigBody() {
        try {
            java.nio.file.Path f = java.nio.file.Files.createTempFile("sqs-big", ".txt");
            java.nio.file.Files.writeString(f, "x".repeat(262_145));
            f.toFile().deleteOnExit();
            return f.toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String md5(String s) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5").digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
