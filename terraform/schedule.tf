resource "aws_cloudwatch_event_rule" "emitter" {
  name                = "${local.function_name}-schedule"
  description         = "Starts the YAML emitter; it emits every ${var.emit_interval_seconds} s until the next start"
  schedule_expression = var.schedule_expression
}

resource "aws_cloudwatch_event_target" "emitter" {
  rule = aws_cloudwatch_event_rule.emitter.name
  arn  = aws_lambda_function.emitter.arn
}

resource "aws_lambda_permission" "schedule" {
  statement_id  = "AllowScheduleToInvoke"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.emitter.function_name
  principal     = "events.amazonaws.com"
  source_arn    = aws_cloudwatch_event_rule.emitter.arn
}
