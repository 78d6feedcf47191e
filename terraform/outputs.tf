output "bucket" {
  description = "The bucket Test match YAML lands in."
  value       = aws_s3_bucket.tests.bucket
}

output "queue_url" {
  description = "The bridge's queue (CRICKET_BRIDGE_QUEUE_URL)."
  value       = aws_sqs_queue.events.id
}

output "queue_arn" {
  description = "ARN of the bridge's queue."
  value       = aws_sqs_queue.events.arn
}

output "dead_letter_queue_url" {
  description = "Where notifications that kept failing are."
  value       = aws_sqs_queue.events_dlq.id
}

output "region" {
  description = "Region of the bucket and queues (AWS_REGION for the bridge)."
  value       = var.region
}

output "bridge_policy_arn" {
  description = "Attach to the role or user that runs the bridge."
  value       = aws_iam_policy.bridge.arn
}

output "lambda_function_name" {
  description = "The YAML emitter."
  value       = aws_lambda_function.emitter.function_name
}

output "bridge_environment" {
  description = "Environment for ./cricket bridge against this deployment."
  value = {
    CRICKET_BRIDGE_QUEUE_URL = aws_sqs_queue.events.id
    CRICKET_BRIDGE_BUCKET    = aws_s3_bucket.tests.bucket
    CRICKET_BRIDGE_PREFIX    = var.tests_prefix
    CRICKET_BRIDGE_SUFFIX    = var.tests_suffix
    AWS_REGION               = var.region
  }
}
