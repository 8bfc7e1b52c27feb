// Package extproc helps to write external processors for Envoy's ext_proc
// HTTP filter: the services that Envoy Gateway's EnvoyExtensionPolicy
// (spec.extProc) points Envoy at, through a Service or a Backend reached
// over TCP or a Unix domain socket. It offers a typed API over the
// envoy.service.ext_proc.v3 gRPC protocol and a server; its sub-package
// extproctest talks to a processor the way Envoy does, so processors can be
// tested without Envoy.
//
// The package imports nothing else from gatewaykit and can be used on its
// own.
//
// # How Envoy talks to a processor
//
// For each HTTP exchange, Envoy opens one bidirectional gRPC stream and
// sends one message per phase it is configured to send: request headers,
// request body, request trailers, then response headers, body and trailers
// (see Phase). It waits for the answer to each message before going on,
// except in STREAMED mode, where body chunks are sent as they arrive and
// answered in order. Which phases are sent is the filter's processing mode
// (see ProcessingMode): by default Envoy sends both header phases and no
// body or trailers. Envoy Gateway's default is stricter and sends nothing:
// set processingMode.request (and .response) in the EnvoyExtensionPolicy to
// have headers sent, and .body to have bodies sent (Streamed, Buffered or
// BufferedPartial).
//
// # Writing a processor
//
// A processor implements only the phases it cares about, each through a
// one-method interface: RequestHeadersProcessor, RequestBodyProcessor,
// RequestTrailersProcessor, ResponseHeadersProcessor, ResponseBodyProcessor
// and ResponseTrailersProcessor. The server finds them by type assertion and
// answers any other phase with "no change". For a function, use the adapters
// (RequestHeadersFunc and its siblings), or Phases to assemble several:
//
//	p := extproc.Phases{
//		RequestHeaders: func(ctx context.Context, req *extproc.HeadersRequest) (*extproc.HeadersResponse, error) {
//			resp := &extproc.HeadersResponse{}
//			resp.Headers.Set("x-user", lookupUser(req.Headers.Get("authorization")))
//			return resp, nil
//		},
//	}
//
// Each method receives a typed message. HeadersRequest carries a HeaderMap:
// lookups are case-insensitive, pseudo-headers have accessors (Method, Path,
// Authority, Scheme, Status), repeated headers keep their order, and the
// value is read from raw_value, where current Envoy puts it, or from value,
// where older Envoy did. BodyRequest carries the bytes and EndOfStream;
// TrailersRequest a HeaderMap. Every message embeds Message, which adds
// the request headers seen earlier on the stream (so a response phase can
// look at the request path), the attributes and metadata Envoy forwards, and
// Raw, the ProcessingRequest itself.
//
// # Answering
//
// A method returns a response of its phase's kind, or nil for "no change":
//
//   - HeadersResponse, BodyResponse and TrailersResponse change headers or
//     trailers through a HeaderMutation (Set, Append, Remove). Envoy applies
//     every removal before any set, and checks each change against the
//     filter's mutation_rules: by default changes to host, :authority,
//     :method, :scheme and x-envoy-* headers are silently ignored, and
//     pseudo-headers are never removed.
//   - BodyResponse replaces or clears the body (ReplaceBody, ClearBody): the
//     whole body in BUFFERED mode, the chunk in STREAMED mode. A header
//     mutation in a body answer takes effect only in BUFFERED and
//     BUFFERED_PARTIAL modes, where Envoy still holds the headers.
//   - HeadersResponse.ContinueAndReplace replaces the whole body from the
//     headers phase (even adding one to a GET) and ends processing in that
//     direction; it is also the only way to change :method.
//   - ClearRouteCache asks Envoy to route again after changing request
//     headers; it has no effect on the response path.
//   - Control, embedded in every response, carries an ImmediateResponse
//     (answer the client now, for example with a 403), dynamic metadata for
//     later filters and access logs, a ModeOverride (honoured only in answer
//     to headers and only if the filter sets allow_mode_override), and Raw, a
//     ProcessingResponse sent as is for anything this package does not model.
//
// A response that cannot be encoded for Envoy (an immediate response
// combined with mutations, a header value containing a newline, ...) ends the
// stream with codes.Internal and an error wrapping ErrInvalidResponse; so
// does a returned error, with its own gRPC code. Envoy then answers the
// client with a 500, unless the filter sets failure_mode_allow.
//
// # Serving
//
// New wraps a processor in a Server; Serve runs it on any net.Listener, so a
// TCP address or a Unix domain socket:
//
//	srv, err := extproc.New(p, extproc.WithLogger(logger))
//	l, err := net.Listen("unix", "/var/run/extproc.sock")
//	err = srv.Serve(ctx, l)
//
// Serve also answers gRPC health checks (for "" and HealthServiceName). When
// ctx is done it reports NOT_SERVING, lets open streams finish for up to the
// shutdown timeout (WithShutdownTimeout, default DefaultShutdownTimeout),
// cancels what remains, and returns nil. To run the processor on a gRPC
// server of your own, use Register: Server implements
// extprocv3.ExternalProcessorServer.
//
// # Concurrency
//
// A Server is safe for concurrent use. The server calls a processor for one
// stream sequentially, from one goroutine; streams run concurrently, so a
// processor must be safe for concurrent use. Responses and mutations are
// plain values owned by the caller until returned.
//
// # Testing
//
// Package extproctest drives a processor exactly as Envoy would for a given
// filter configuration (processing modes, mutation rules, mode override,
// failure mode) and reports what the upstream and the client receive. It
// works over an in-memory connection (extproctest.Connect) or against any
// ext_proc server reachable over gRPC.
package extproc
