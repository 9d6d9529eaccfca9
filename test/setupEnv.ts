// The AWS SDK warns on every client that its releases after January 2027 need Node 22. This repository pins its
// SDK version, and the Lambdas and matcher image already run Node 22; on the Node 20 these machines have, the
// notice would only bury test output, so tests (and the matcher processes they start) run without it.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
