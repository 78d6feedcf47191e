locals {
  function_name = "${var.name}-yaml-emitter"
  lambda_jar    = "${path.module}/${var.lambda_jar}"
  match_source  = var.match_source == "packaged" ? "packaged" : "s3://${var.bucket_name}/${var.source_prefix}"
}
