// Package extproctest tests external processors without Envoy. Its Driver
// plays the part of Envoy's ext_proc filter: given an HTTP request, it sends
// a processor the messages Envoy would send under the configured processing
// mode, applies the answers under the configured mutation rules, calls an
// Upstream with the request as the processor left it, does the same for the
// response, and returns a Result: the request as the upstream received it,
// the response as the client received it (or the local reply Envoy would
// have sent), and every message exchanged.
//
// The Driver is a plain gRPC client of the ExternalProcessor service, so it
// tests processors written with package extproc and any other ext_proc
// server alike:
//
//	cc := extproctest.Connect(t, myProcessor)            // in memory, closed at test end
//	// or: cc, _ := grpc.NewClient("unix:///tmp/x.sock", grpc.WithTransportCredentials(insecure.NewCredentials()))
//	d, err := extproctest.New(cc,
//		extproctest.WithProcessingMode(extproc.ProcessingMode{RequestBody: extproc.BodyModeBuffered}),
//		extproctest.WithMutationRules(rules))
//	res, err := d.Do(ctx, extproctest.NewRequest("POST", "http://shop.example/cart", body), backend)
//
// # Configuration
//
// Options mirror the filter's configuration, and WithFilterConfig takes the
// filter's ExternalProcessor message itself, so a test can use the exact
// configuration Envoy (or Envoy Gateway's translation of an
// EnvoyExtensionPolicy) uses. The defaults are Envoy's: both header phases
// sent, no bodies, no trailers, default mutation rules, a 200ms message
// timeout (DefaultMessageTimeout), a 1 MiB buffer limit, fail closed with a
// 500. Note that Envoy Gateway sends nothing unless the policy's
// processingMode says so.
//
// # What the driver emulates
//
// Processing modes: header and trailer phases are sent unless SKIP
// (headers) or unless SEND (trailers). BUFFERED sends the whole body once,
// fails the exchange (413 on the request path, 500 on the response path)
// when it exceeds the buffer limit, lets the body answer change headers, and
// checks a replaced body against content-length. STREAMED cuts the body
// into chunks (WithChunkSize) and keeps sending while less than the buffer
// limit awaits an answer, as Envoy does, then applies each answer to its
// chunk. BUFFERED_PARTIAL accumulates chunks until more than the buffer limit
// is held or the body ends, sends that prefix, and lets the rest through. A
// body or trailers message carries end_of_stream only when nothing follows
// it. Envoy removes content-length in STREAMED, BUFFERED_PARTIAL, and
// BUFFERED without headers, and ignores content-length mutations there; so
// does the driver, unless allow_content_length_header is set. The first
// message carries protocol_config.
//
// Answers: CONTINUE_AND_REPLACE from a headers phase replaces the body and
// ends processing in that direction; mode_override is honoured only in
// answer to headers and only with allow_mode_override (and
// allowed_override_modes, compared without request_header_mode); body modes
// in an override are always taken, header modes only when not DEFAULT;
// clear_route_cache counts only on the request path and only with a header
// mutation in the same answer (route_cache_action); dynamic metadata is
// merged by namespace; override_message_timeout extends the wait once per
// message up to max_message_timeout.
//
// Mutation rules are checked as Envoy's checker does, in its order:
// removing a pseudo-header or host always fails; disallow_expression; then
// allow_expression; disallow_all; the routing headers (host, :authority,
// :method, :scheme) unless allow_all_routing; pseudo-headers for a second
// value or under disallow_system; x-envoy headers unless allow_envoy; then
// the value checks (valid characters, a valid authority, http or https for
// :scheme, a number of at least 200 for :status). Regular expressions must
// match the whole name. A refused change is recorded in Result.Rejections
// and skipped, or, under disallow_is_error, ends the exchange with a 500.
// Header values are read from raw_value (WithRawHeaderValues to change).
//
// Failures: a spurious answer, a processor error, a timeout (504) or an
// unreachable processor ends the exchange with a local reply whose Err says
// why, unless failure_mode_allow is set, in which case the rest goes through
// unprocessed (Result.StreamClosedEarly). A processor that closes its stream
// with an OK status means "no more processing". Invalid mutations always end
// the exchange. Things Envoy does silently that usually reveal a processor
// bug are listed in Result.Notes.
//
// Not emulated (WithFilterConfig rejects them with ErrUnsupported):
// FULL_DUPLEX_STREAMED and GRPC body modes, observability mode,
// send_body_without_waiting_for_header_response, forward_rules, the HTTP
// service, and request modifiers or response processors. Attributes and
// metadata forwarding are not evaluated.
//
// A Driver is immutable and safe for concurrent use.
package extproctest
