package org.cricketstream.cli;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.cricketstream.config.Secrets;
import org.cricketstream.stack.AwsClients;
import org.cricketstream.stack.AwsDefinitions;
import org.cricketstream.stack.AwsResources;
import org.cricketstream.stack.LocalS3;
import org.cricketstream.stack.LocalSqs;
import org.cricketstream.stack.S3Notifications;
import org.cricketstream.stack.TerraformDefinitions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/** {@code ./cricket local-aws}: the AWS side of terraform/, here. */
@Command(
    name = "local-aws",
    header = "Runs S3 and SQS as terraform/ defines them.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  ./cricket local-aws --data /tmp/s3   (SQS kept in /tmp/sqs)",
      "  ./cricket local-aws --endpoint http://127.0.0.1:4566"
    },
    mixinStandardHelpOptions = true,
    description = {
      "Creates what terraform/ defines for S3 and SQS (bucket, queue, dead-letter queue,",
      "redrive, queue policy, bucket notification) from the .tf files. Without --endpoint it",
      "first starts the embedded default, S3Proxy (files under --data) and ElasticMQ, with S3",
      "event notifications, and runs until Ctrl-C. ElasticMQ keeps queues and messages in an",
      "H2 file under --sqs-data (default: the folder sqs beside --data), so a restart, also",
      "after kill -9, gets back every notification not yet deleted. With --endpoint (LocalStack:",
      "localstack/localstack.sh start) it only creates the resources there. Prints the",
      "environment for ./cricket bridge and ./cricket lambda-runner."
    })
final class LocalAwsCommand implements Callable<Integer> {

  /** The access key id of the generated pair (the id is not secret; the key is). */
  private static final String LOCAL_KEY_ID = "cricket-local";

  @Option(names = "--endpoint", description = "an AWS-compatible endpoint to provision instead")
  URI endpoint;

  @Option(names = "--data", description = "S3 data folder (default state/s3)")
  Path data = Path.of("state/s3");

  @Option(
      names = "--sqs-data",
      description =
          "SQS data folder: queues and messages not yet deleted (default: sqs beside --data)")
  Path sqsData;

  @Option(names = "--s3-port", description = "default 9000")
  int s3Port = 9000;

  @Option(names = "--sqs-port", description = "default 9324")
  int sqsPort = 9324;

  @Override
  public Integer call() throws InterruptedException {
    AwsDefinitions definitions = AwsDefinitions.of(TerraformDefinitions.projectFolder());
    Optional<AwsClients.Keys> given = AwsClients.Keys.fromEnvironment(System.getenv());
    if (endpoint != null) {
      AwsClients.Keys keys = given.orElse(AwsClients.Keys.TEST);
      try (S3Client s3 = AwsClients.s3(endpoint, keys);
          SqsClient sqs = AwsClients.sqs(endpoint, keys)) {
        print(definitions, AwsResources.provision(definitions, s3, sqs), endpoint, endpoint);
        printKeys(given, keys, null);
      }
      return 0;
    }
    Path secretFile = data.toAbsolutePath().resolveSibling("s3-secret-access-key");
    AwsClients.Keys keys =
        given.orElseGet(() -> new AwsClients.Keys(LOCAL_KEY_ID, Secrets.kept(secretFile)));
    // beside the S3 data, not in it: S3Proxy takes every folder of --data for a bucket
    Path sqsFolder = sqsData != null ? sqsData : data.toAbsolutePath().resolveSibling("sqs");
    try (LocalSqs sqsServer = LocalSqs.start(sqsPort, sqsFolder);
        SqsClient sqs = sqsServer.client()) {
      S3Notifications notifications = new S3Notifications(sqs);
      try (LocalS3 s3Server = LocalS3.start(data, s3Port, notifications, keys);
          S3Client s3 = s3Server.client()) {
        AwsResources.Created created = AwsResources.provision(definitions, s3, sqs, notifications);
        print(definitions, created, s3Server.endpoint(), sqsServer.endpoint());
        System.out.println("# SQS queues and messages kept in " + sqsFolder);
        printKeys(given, keys, secretFile);
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown, "local-aws-stop"));
        stop.await();
      }
    }
    return 0;
  }

  private static void print(AwsDefinitions d, AwsResources.Created created, URI s3, URI sqs) {
    System.out.println("# bucket " + created.bucket() + ", queue " + created.queueUrl());
    System.out.println("# dead-letter queue " + created.deadLetterQueueUrl());
    System.out.println("export AWS_REGION=" + AwsClients.REGION);
    System.out.println("export AWS_ENDPOINT_URL_S3=" + s3 + " AWS_ENDPOINT_URL_SQS=" + sqs);
    System.out.println("export CRICKET_BRIDGE_QUEUE_URL=" + created.queueUrl());
    System.out.println(
        "export CRICKET_BRIDGE_BUCKET="
            + created.bucket()
            + " CRICKET_BRIDGE_PREFIX="
            + d.notificationPrefix()
            + " CRICKET_BRIDGE_SUFFIX="
            + d.notificationSuffix());
    System.out.println(
        "export EMITTER_BUCKET="
            + created.bucket()
            + " EMITTER_SOURCE=s3://"
            + created.bucket()
            + "/"
            + d.sourcePrefix()
            + " EMITTER_TARGET_PREFIX="
            + d.notificationPrefix()
            + " EMITTER_STATE_KEY="
            + d.stateKey());
  }

  /**
   * The keys to use, said without the secret (this output is a log): those given in the
   * environment, LocalStack's test keys, or the generated secret by the file that keeps it (the
   * shell that evaluates the line reads it: {@code eval "$(grep ^export aws.env)"}).
   */
  private static void printKeys(
      Optional<AwsClients.Keys> given, AwsClients.Keys keys, Path secretFile) {
    if (given.isPresent()) {
      System.out.println("# S3 keys: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY as given");
    } else if (secretFile == null) {
      System.out.println("export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test");
    } else {
      System.out.println(
          "# S3 takes requests signed with this key pair alone; its secret is kept in "
              + secretFile);
      System.out.println(
          "export AWS_ACCESS_KEY_ID="
              + keys.accessKeyId()
              + " AWS_SECRET_ACCESS_KEY=\"$(cat "
              + secretFile
              + ")\"");
    }
    System.out.println(org.cricketstream.cli.up.Components.AWS_READY);
    System.out.flush();
  }
}
