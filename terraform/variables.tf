variable "region" {
  description = "AWS region of every resource."
  type        = string
  default     = "us-east-1"
}

variable "aws_endpoint" {
  description = "An AWS-compatible endpoint for every service (LocalStack: http://127.0.0.1:4566); null for AWS."
  type        = string
  default     = null
}

variable "name" {
  description = "Prefix of the names of the function, role, schedule and policies."
  type        = string
  default     = "cricket-stream"
}

variable "bucket_name" {
  description = "The bucket Test match YAML lands in. Bucket names are global on AWS: choose your own there."
  type        = string
  default     = "cricket-stream-tests"
}

variable "tests_prefix" {
  description = "Key prefix of the match files the Lambda writes; only these notify the queue."
  type        = string
  default     = "tests/"
}

variable "tests_suffix" {
  description = "Key suffix of the match files that notify the queue."
  type        = string
  default     = ".yaml"
}

variable "source_prefix" {
  description = "Key prefix holding the Cricsheet YAML files the Lambda drips (match_source = bucket)."
  type        = string
  default     = "source/"
}

variable "match_source" {
  description = "Where the Lambda takes matches from: bucket (source_prefix in the bucket) or packaged (files in its jar)."
  type        = string
  default     = "bucket"

  validation {
    condition     = contains(["bucket", "packaged"], var.match_source)
    error_message = "match_source is bucket or packaged."
  }
}

variable "state_key" {
  description = "Object key of the Lambda's position (the last match it wrote)."
  type        = string
  default     = "emitter/position.json"
}

variable "queue_name" {
  description = "SQS queue receiving the bucket's ObjectCreated notifications; the bridge consumes it."
  type        = string
  default     = "cricket-stream-tests-events"
}

variable "dead_letter_queue_name" {
  description = "Where notifications go after max_receive_count failed receives."
  type        = string
  default     = "cricket-stream-tests-events-dlq"
}

variable "max_receive_count" {
  description = "Receives of one notification before it moves to the dead-letter queue."
  type        = number
  default     = 5
}

variable "visibility_timeout_seconds" {
  description = "How long a received notification stays hidden from other bridges before it is redelivered."
  type        = number
  default     = 60
}

variable "receive_wait_time_seconds" {
  description = "Long polling: how long a receive waits for messages."
  type        = number
  default     = 20
}

variable "message_retention_seconds" {
  description = "How long undelivered notifications are kept (both queues): the maximum, 14 days."
  type        = number
  default     = 1209600
}

variable "lambda_jar" {
  description = "The Lambda's jar, relative to this folder: the build output of lambda-yaml-emitter (mvn package)."
  type        = string
  default     = "../lambda-yaml-emitter/target/lambda-yaml-emitter-lambda.jar"
}

variable "lambda_runtime" {
  description = "Lambda Java runtime."
  type        = string
  default     = "java21"

  validation {
    condition     = contains(["java17", "java21"], var.lambda_runtime)
    error_message = "lambda_runtime is java17 or java21."
  }
}

variable "lambda_memory_mb" {
  description = "Lambda memory (and so CPU)."
  type        = number
  default     = 512
}

variable "lambda_timeout_seconds" {
  description = "Lambda timeout: one invocation emits for a whole schedule period, so longer than that."
  type        = number
  default     = 90
}

variable "schedule_expression" {
  description = "EventBridge schedule of the Lambda: a rate() expression; the Lambda emits until the next one is due."
  type        = string
  default     = "rate(1 minute)"

  validation {
    condition     = can(regex("^rate\\([1-9][0-9]* (minute|minutes|hour|hours|day|days)\\)$", var.schedule_expression))
    error_message = "schedule_expression is a rate() expression, e.g. rate(1 minute)."
  }
}

variable "emit_interval_seconds" {
  description = "Seconds between two match files within an invocation."
  type        = number
  default     = 5
}

variable "log_retention_days" {
  description = "Retention of the Lambda's log group."
  type        = number
  default     = 14
}

variable "force_destroy" {
  description = "Let terraform destroy delete the bucket with its objects."
  type        = bool
  default     = false
}

variable "tags" {
  description = "Tags on every resource."
  type        = map(string)
  default = {
    project = "cricket-stream"
  }
}

variable "noncurrent_version_days" {
  description = "Days an overwritten or deleted object version is kept in the versioned bucket."
  type        = number
  default     = 7
}
