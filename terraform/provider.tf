# On AWS: leave aws_endpoint unset; credentials and account come from the usual AWS chain.
# Against LocalStack: either `tflocal apply` (it writes its own endpoint overrides), or plain
# `terraform apply -var aws_endpoint=http://127.0.0.1:4566`, which points every service used here at
# that endpoint with LocalStack's test credentials.
provider "aws" {
  region = var.region

  access_key                  = var.aws_endpoint == null ? null : "test"
  secret_key                  = var.aws_endpoint == null ? null : "test"
  skip_credentials_validation = var.aws_endpoint != null
  skip_metadata_api_check     = var.aws_endpoint != null
  skip_requesting_account_id  = var.aws_endpoint != null
  s3_use_path_style           = var.aws_endpoint != null

  dynamic "endpoints" {
    for_each = var.aws_endpoint == null ? [] : [var.aws_endpoint]
    content {
      events = endpoints.value
      iam    = endpoints.value
      lambda = endpoints.value
      logs   = endpoints.value
      s3     = endpoints.value
      sqs    = endpoints.value
      sts    = endpoints.value
    }
  }

  default_tags {
    tags = var.tags
  }
}

data "aws_caller_identity" "current" {}
