package v1alpha1

import (
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"
)

// +kubebuilder:object:root=true
// +kubebuilder:resource:categories=envoy-gateway,shortName=ctp
// +kubebuilder:subresource:status
// +kubebuilder:storageversion
// +kubebuilder:printcolumn:name="Age",type=date,JSONPath=`.metadata.creationTimestamp`

// ClientTrafficPolicy configures how Envoy handles traffic from downstream clients on the listeners
// of a Gateway or ListenerSet: TCP and TLS behaviour, client IP detection, header and path
// handling, timeouts, connection limits and HTTP protocol options.
//
// The policy can only target resources in its own namespace. When several policies cover the same
// listener, one that names the listener through sectionName wins over one covering a whole
// ListenerSet, which in turn wins over one covering a whole Gateway; among equals the oldest policy
// wins, then the one whose namespaced name sorts first.
type ClientTrafficPolicy struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`

	// Spec holds the settings to apply to the targeted listeners.
	// +required
	Spec ClientTrafficPolicySpec `json:"spec"`

	// Status reports, for each Gateway or ListenerSet the policy attaches to, whether it was
	// accepted and applied. It is written by the controller.
	// +optional
	Status gwapiv1.PolicyStatus `json:"status,omitempty"`
}

// +kubebuilder:object:root=true

// ClientTrafficPolicyList is a list of ClientTrafficPolicy objects, as returned by list and watch
// calls.
type ClientTrafficPolicyList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty"`
	Items           []ClientTrafficPolicy `json:"items"`
}

// ClientTrafficPolicySpec is the desired state of a ClientTrafficPolicy. Apart from the target
// references, every field is optional; leaving one unset keeps Envoy Gateway's default behaviour
// for that aspect of the listener.
type ClientTrafficPolicySpec struct {
	PolicyTargetReferences `json:",inline"`

	// TCPKeepalive enables TCP keepalive probes (SO_KEEPALIVE) on the listener socket for client
	// connections. Keepalive is off when unset.
	// +optional
	TCPKeepalive *TCPKeepalive `json:"tcpKeepalive,omitempty"`

	// EnableProxyProtocol makes the listener parse a PROXY protocol header and put the client
	// address it carries into X-Forwarded-For. Connections without the header are closed.
	//
	// Deprecated: use ProxyProtocol instead.
	// +optional
	EnableProxyProtocol *bool `json:"enableProxyProtocol,omitempty"`

	// ProxyProtocol enables parsing of the PROXY protocol header on incoming connections, adding
	// the client address it carries to X-Forwarded-For. It takes precedence over
	// EnableProxyProtocol when both are set.
	// +optional
	ProxyProtocol *ProxyProtocolSettings `json:"proxyProtocol,omitempty"`

	// ClientIPDetection selects how Envoy works out the original client IP address of a request,
	// which features such as IP-based authorization and rate limiting then rely on.
	// +optional
	ClientIPDetection *ClientIPDetectionSettings `json:"clientIPDetection,omitempty"`

	// TLS tunes TLS termination for clients of the targeted listeners: protocol versions, cipher
	// suites, client certificate validation and session resumption.
	// +optional
	TLS *ClientTLSSettings `json:"tls,omitempty"`

	// Path controls how the request path sent by clients is normalized, e.g. handling of escaped
	// slashes and merging of repeated slashes.
	// +optional
	Path *PathSettings `json:"path,omitempty"`

	// Headers controls header handling on the listener, such as X-Forwarded-Client-Cert,
	// X-Request-ID, header names containing underscores and the maximum request header size.
	// +optional
	Headers *HeaderSettings `json:"headers,omitempty"`

	// Timeout sets TCP- and HTTP-level timeouts for client connections.
	// +optional
	Timeout *ClientTimeout `json:"timeout,omitempty"`

	// Connection sets connection-level limits for clients, such as the number of concurrent
	// connections and buffer sizes.
	// +optional
	Connection *ClientConnection `json:"connection,omitempty"`

	// HTTP1 configures HTTP/1.x handling on the listener.
	// +optional
	HTTP1 *HTTP1Settings `json:"http1,omitempty"`

	// HTTP2 configures HTTP/2 handling on the listener.
	// +optional
	HTTP2 *HTTP2Settings `json:"http2,omitempty"`

	// HTTP3 enables HTTP/3 over QUIC on the listener when present; an empty object is enough.
	// +optional
	HTTP3 *HTTP3Settings `json:"http3,omitempty"`

	// GRPC configures gRPC-specific behaviour on the listener.
	// +optional
	GRPC *GRPCSettings `json:"grpc,omitempty"`

	// HealthCheck turns on a health check endpoint on an HTTP or HTTPS listener, so that external
	// load balancers can probe the proxy.
	// +optional
	HealthCheck *HealthCheckSettings `json:"healthCheck,omitempty"`

	// Scheme selects how the :scheme pseudo-header is set on requests forwarded to backends.
	// Preserve, the default, keeps the scheme the client used; MatchBackend derives it from whether
	// the backend connection uses TLS.
	// +optional
	Scheme *SchemeHeaderTransform `json:"scheme,omitempty"`
}

// ProxyProtocolSettings enables PROXY protocol parsing on a listener; its presence alone turns the
// feature on. The client address taken from the header is added to X-Forwarded-For.
type ProxyProtocolSettings struct {
	// Optional, when true, lets connections without a PROXY protocol header through instead of
	// rejecting them; by default they are rejected. Accepting both deviates from the PROXY protocol
	// specification, so only enable it when every client of the listener is trusted.
	// +optional
	Optional *bool `json:"optional,omitempty"`
}

// ClientIPDetectionSettings chooses where the original client IP address comes from. Exactly one of
// XForwardedFor, CustomHeader and DirectSourceIP must be set.
type ClientIPDetectionSettings struct {
	// XForwardedFor extracts the client IP from the X-Forwarded-For header.
	// +optional
	XForwardedFor *XForwardedForSettings `json:"xForwardedFor,omitempty"`

	// CustomHeader extracts the client IP from a trusted custom request header, using Envoy's
	// custom_header original IP detection extension.
	// +optional
	CustomHeader *CustomHeaderExtensionSettings `json:"customHeader,omitempty"`

	// DirectSourceIP uses the peer address of the downstream TCP connection as the client IP. It
	// fits setups where a layer-4 load balancer in front of Envoy keeps the original source address
	// and sets no forwarding header.
	// +optional
	DirectSourceIP *DirectSourceIPSettings `json:"directSourceIP,omitempty"`
}

// XForwardedForSettings tells Envoy how far to trust X-Forwarded-For when extracting the client IP.
// Set either NumTrustedHops or TrustedCIDRs, not both.
type XForwardedForSettings struct {
	// NumTrustedHops is the number of trusted proxies in front of Envoy: with a value of N, the
	// client IP is the Nth address counted from the right end of X-Forwarded-For. Mutually
	// exclusive with TrustedCIDRs.
	// +optional
	NumTrustedHops *int32 `json:"numTrustedHops,omitempty"`

	// TrustedCIDRs lists the address ranges of trusted proxies. If the connection's peer address is
	// in one of them, X-Forwarded-For is scanned from right to left and the first address outside
	// the trusted ranges becomes the client IP; if all entries are trusted, the leftmost one is
	// used. Mutually exclusive with NumTrustedHops.
	// +kubebuilder:validation:MinItems=1
	// +optional
	TrustedCIDRs []CIDR `json:"trustedCIDRs,omitempty"`

	// DisableXForwardedForAppend, when true, stops Envoy from appending the downstream peer address
	// to X-Forwarded-For. An incoming X-Forwarded-For header is still passed on as received.
	// +optional
	DisableXForwardedForAppend *bool `json:"disableXForwardedForAppend,omitempty"`
}

// CustomHeaderExtensionSettings takes the client IP from a named request header set by a trusted
// component in front of Envoy, via Envoy's custom_header original IP detection extension.
type CustomHeaderExtensionSettings struct {
	// Name is the request header carrying the original client address. It may contain only letters,
	// digits and hyphens.
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=255
	// +kubebuilder:validation:Pattern=`^[A-Za-z0-9-]+$`
	// +required
	Name string `json:"name"`

	// FailClosed, when true, makes the listener answer 403 Forbidden when no client IP can be
	// determined from the header. When false or unset, such requests are not rejected.
	// +optional
	FailClosed *bool `json:"failClosed,omitempty"`
}

// DirectSourceIPSettings selects the downstream connection's source address as the client IP. It
// has no fields; setting it is what enables the behaviour.
type DirectSourceIPSettings struct {
}

// ClientTLSSettings configures TLS termination for downstream clients. It embeds the common
// TLSSettings (protocol versions, cipher suites, curves, ALPN, fingerprinting) and adds client
// certificate validation and session resumption.
type ClientTLSSettings struct {
	TLSSettings `json:",inline"`

	// ClientValidation enables mutual TLS by configuring how certificates presented by clients are
	// requested and verified. When unset, client certificates are not validated.
	// +optional
	ClientValidation *ClientValidationContext `json:"clientValidation,omitempty"`

	// Session configures TLS session resumption for client connections.
	// +optional
	Session *Session `json:"session,omitempty"`
}

// ClientValidationContext describes how the listener validates certificates presented by clients.
// Trust anchors come from CaCertificateRefs; the hash, SAN and CRL settings narrow down further
// which certificates are accepted.
type ClientValidationContext struct {
	// Optional, when true, accepts connections from clients that present no certificate. Defaults
	// to false.
	//
	// Deprecated: use Mode instead.
	// +optional
	Optional *bool `json:"optional,omitempty"`

	// Mode selects whether a client certificate is requested or required, and whether it must pass
	// verification. Defaults to RequireAndVerify.
	// +optional
	Mode *ClientValidationModeType `json:"mode,omitempty"`

	// CaCertificateRefs points to the ConfigMaps or Secrets (at most eight) holding, under the key
	// ca.crt, the CA certificates used to verify client certificates. A reference to another
	// namespace needs a ReferenceGrant in that namespace.
	// +kubebuilder:validation:MaxItems=8
	// +optional
	CaCertificateRefs []gwapiv1.SecretObjectReference `json:"caCertificateRefs,omitempty"`

	// SpkiHashes, when set, only accepts client certificates whose DER-encoded Subject Public Key
	// Info has a SHA-256 digest equal to one of these base64-encoded values.
	// +optional
	SpkiHashes []string `json:"spkiHashes,omitempty"`

	// CertificateHashes, when set, only accepts client certificates whose DER encoding has a
	// SHA-256 digest equal to one of these hex-encoded values.
	// +optional
	CertificateHashes []string `json:"certificateHashes,omitempty"`

	// SubjectAltNames, when set, requires a Subject Alternative Name of the client certificate to
	// match one of the given matchers.
	// +optional
	SubjectAltNames *SubjectAltNames `json:"subjectAltNames,omitempty"`

	// CRL enables checking client certificates against certificate revocation lists.
	// +optional
	CRL *CrlContext `json:"crl,omitempty"`

	// AllowExpiredCertificate, when true, accepts client certificates past their NotAfter date as
	// long as the rest of the validation (chain and signature) succeeds. Defaults to false.
	// +optional
	AllowExpiredCertificate *bool `json:"allowExpiredCertificate,omitempty"`
}

// ClientValidationModeType controls whether the listener asks clients for a certificate during the
// TLS handshake and what it does with it. Valid values are Request, RequireAny, VerifyIfGiven and
// RequireAndVerify.
// +kubebuilder:validation:Enum=Request;RequireAny;VerifyIfGiven;RequireAndVerify
type ClientValidationModeType string

const (
	// ClientValidationModeTypeRequest asks the client for a certificate but does not require one.
	ClientValidationModeTypeRequest ClientValidationModeType = "Request"
	// ClientValidationModeTypeRequireAny requires the client to send a certificate but lets the
	// connection proceed even if that certificate fails verification.
	ClientValidationModeTypeRequireAny ClientValidationModeType = "RequireAny"
	// ClientValidationModeTypeVerifyIfGiven asks for a certificate without requiring one; a
	// certificate that is sent must verify.
	ClientValidationModeTypeVerifyIfGiven ClientValidationModeType = "VerifyIfGiven"
	// ClientValidationModeTypeRequireAndVerify requires a certificate that verifies against the CA
	// certificates in CaCertificateRefs. This is the default.
	ClientValidationModeTypeRequireAndVerify ClientValidationModeType = "RequireAndVerify"
)

// SubjectAltNames holds matchers for the Subject Alternative Names of a client certificate, grouped
// by SAN type.
type SubjectAltNames struct {
	// DNSNames matches DNS-type SAN entries.
	// +optional
	DNSNames []StringMatch `json:"dnsNames,omitempty"`

	// EmailAddresses matches email (rfc822Name) SAN entries.
	// +optional
	EmailAddresses []StringMatch `json:"emailAddresses,omitempty"`

	// IPAddresses matches IP address SAN entries.
	// +optional
	IPAddresses []StringMatch `json:"ipAddresses,omitempty"`

	// Uris matches URI-type SAN entries, such as SPIFFE IDs.
	// +optional
	Uris []StringMatch `json:"uris,omitempty"`

	// OtherNames matches otherName SAN entries, each selected by its OID.
	// +optional
	OtherNames []OtherSANMatch `json:"otherNames,omitempty"`
}

// OtherSANMatch matches the value of an otherName Subject Alternative Name with a given OID against
// a string matcher.
type OtherSANMatch struct {
	StringMatch `json:",inline"`

	// Oid is the object identifier, in dotted form, of the otherName entry to match.
	// +required
	Oid string `json:"oid"`
}

// CrlContext configures checking of client certificates against certificate revocation lists.
type CrlContext struct {
	// Refs points to one to eight ConfigMaps or Secrets holding a PEM-encoded revocation list under
	// the key ca.crl. A reference to another namespace needs a ReferenceGrant in that namespace.
	// +kubebuilder:validation:MinItems=1
	// +kubebuilder:validation:MaxItems=8
	// +required
	Refs []gwapiv1.SecretObjectReference `json:"refs"`

	// OnlyVerifyLeafCertificate, when true, checks only the client's leaf certificate against the
	// revocation lists. By default the whole chain is checked.
	// +optional
	OnlyVerifyLeafCertificate *bool `json:"onlyVerifyLeafCertificate,omitempty"`
}

// Session holds TLS session management settings for client connections.
type Session struct {
	// Resumption enables TLS session resumption, stateless (session tickets) or stateful (session
	// IDs). It is off when unset; resumption state is not shared between Envoy replicas, so the
	// benefit shrinks when the proxy runs with several replicas.
	// +optional
	Resumption *SessionResumption `json:"resumption,omitempty"`
}

// SessionResumption selects which TLS session resumption mechanisms the listener offers.
type SessionResumption struct {
	// Stateless enables resumption based on session tickets.
	// +optional
	Stateless *StatelessTLSSessionResumption `json:"stateless,omitempty"`

	// Stateful enables resumption based on session IDs cached by the proxy.
	// +optional
	Stateful *StatefulTLSSessionResumption `json:"stateful,omitempty"`
}

// StatelessTLSSessionResumption enables ticket-based TLS session resumption. Ticket keys live in
// memory, are rotated every 48 hours and are not shared between replicas, so a ticket issued by one
// replica may fail to resume on another.
type StatelessTLSSessionResumption struct {
}

// StatefulTLSSessionResumption enables TLS session resumption through a session cache keyed by
// session ID. Each replica keeps its own cache, and client certificates are not validated again
// when a session is resumed.
type StatefulTLSSessionResumption struct {
}

// PathSettings controls how the request path received from clients is normalized before routing.
type PathSettings struct {
	// EscapedSlashesAction decides what happens to requests whose path contains encoded slashes or
	// backslashes (%2F, %2f, %5C, %5c). Defaults to UnescapeAndRedirect.
	// +optional
	EscapedSlashesAction *PathEscapedSlashAction `json:"escapedSlashesAction,omitempty"`

	// DisableMergeSlashes, when true, stops Envoy from collapsing consecutive slashes in the path
	// into one, which it does by default. Slash merging is a convenience, not an HTTP requirement.
	// +optional
	DisableMergeSlashes *bool `json:"disableMergeSlashes,omitempty"`
}

// PathEscapedSlashAction is the treatment of encoded slashes and backslashes in a request path.
// Valid values are KeepUnchanged, RejectRequest, UnescapeAndForward and UnescapeAndRedirect.
// +kubebuilder:validation:Enum=KeepUnchanged;RejectRequest;UnescapeAndForward;UnescapeAndRedirect
type PathEscapedSlashAction string

const (
	// PathEscapedSlashActionKeepUnchanged leaves escaped slashes as received.
	PathEscapedSlashActionKeepUnchanged PathEscapedSlashAction = "KeepUnchanged"
	// PathEscapedSlashActionRejectRequest rejects such requests with status 400, or with gRPC
	// status INTERNAL for gRPC requests.
	PathEscapedSlashActionRejectRequest PathEscapedSlashAction = "RejectRequest"
	// PathEscapedSlashActionUnescapeAndRedirect decodes the sequences and redirects the client to
	// the resulting path, so every hop sees the same path; gRPC requests are rejected instead. This
	// is the default.
	PathEscapedSlashActionUnescapeAndRedirect PathEscapedSlashAction = "UnescapeAndRedirect"
	// PathEscapedSlashActionUnescapeAndForward decodes the sequences and forwards the request.
	// Avoid it when other components on the request path make path-based access decisions, as it
	// can open path confusion attacks.
	PathEscapedSlashActionUnescapeAndForward PathEscapedSlashAction = "UnescapeAndForward"
)

// HeaderSettings controls how the listener handles request and response headers.
type HeaderSettings struct {
	// EnableEnvoyHeaders, when true, lets Envoy add its X-Envoy-* headers to requests and
	// responses. They are left out by default.
	// +optional
	EnableEnvoyHeaders *bool `json:"enableEnvoyHeaders,omitempty"`

	// DisableRateLimitHeaders, when true, stops Envoy from adding X-RateLimit-* headers to
	// responses when rate limiting is in use.
	// +optional
	DisableRateLimitHeaders *bool `json:"disableRateLimitHeaders,omitempty"`

	// XForwardedClientCert configures whether the X-Forwarded-Client-Cert (XFCC) header, which
	// carries client certificate details along the request path, is removed, forwarded or filled
	// in. When unset, the header is removed from requests.
	// +optional
	XForwardedClientCert *XForwardedClientCert `json:"xForwardedClientCert,omitempty"`

	// WithUnderscoresAction decides what happens to request headers whose names contain
	// underscores. Defaults to RejectRequest.
	// +optional
	WithUnderscoresAction *WithUnderscoresAction `json:"withUnderscoresAction,omitempty"`

	// PreserveXRequestID, when true, keeps an X-Request-ID header sent by an external client
	// instead of replacing it. Defaults to false; setting it together with RequestID is invalid.
	//
	// Deprecated: use RequestID with PreserveOrGenerate instead.
	// +optional
	PreserveXRequestID *bool `json:"preserveXRequestID,omitempty"`

	// RequestID selects how X-Request-ID is treated on requests from external clients. When unset,
	// Envoy generates a new ID for every request and discards any value sent by the client
	// (Generate).
	// +optional
	RequestID *RequestIDAction `json:"requestID,omitempty"`

	// EarlyRequestHeaders modifies request headers as soon as they arrive, before routing, tracing
	// and Envoy's own header processing.
	// +optional
	EarlyRequestHeaders *HTTPHeaderFilter `json:"earlyRequestHeaders,omitempty"`

	// LateResponseHeaders modifies the headers of every response sent by the listener, whatever
	// route produced it.
	// +optional
	LateResponseHeaders *HTTPHeaderFilter `json:"lateResponseHeaders,omitempty"`

	// Host controls normalization of the Host/:authority header sent by clients.
	// +optional
	Host *HostSettings `json:"host,omitempty"`

	// MaxRequestHeaderLimit caps the total size of request headers (Envoy's
	// max_request_headers_kb); larger requests get status 431. The value is rounded up to whole
	// KiB, must lie between 1Ki and 8192Ki, is read as bytes without a suffix, and defaults to
	// 60Ki.
	// +optional
	MaxRequestHeaderLimit *resource.Quantity `json:"maxRequestHeaderLimit,omitempty"`
}

// XForwardedClientCert configures handling of the X-Forwarded-Client-Cert (XFCC) header.
type XForwardedClientCert struct {
	// Mode selects what Envoy does with the XFCC header. Defaults to Sanitize.
	// +optional
	Mode *XFCCForwardMode `json:"mode,omitempty"`

	// CertDetailsToAdd lists the client certificate details written into the XFCC header. It only
	// has an effect in AppendForward and SanitizeSet modes on mTLS connections; the certificate
	// hash and the By element are always included.
	// +kubebuilder:validation:MaxItems=5
	// +optional
	CertDetailsToAdd []XFCCCertData `json:"certDetailsToAdd,omitempty"`
}

// XFCCForwardMode selects how the XFCC header is handled. Valid values are Sanitize, ForwardOnly,
// AppendForward, SanitizeSet and AlwaysForwardOnly.
// +kubebuilder:validation:Enum=Sanitize;ForwardOnly;AppendForward;SanitizeSet;AlwaysForwardOnly
type XFCCForwardMode string

const (
	// XFCCForwardModeSanitize, the default, strips any XFCC header from incoming requests.
	XFCCForwardModeSanitize XFCCForwardMode = "Sanitize"
	// XFCCForwardModeForwardOnly passes the XFCC header on unchanged, but only on mTLS connections.
	XFCCForwardModeForwardOnly XFCCForwardMode = "ForwardOnly"
	// XFCCForwardModeAppendForward adds the current client certificate details to the XFCC header
	// and forwards it, on mTLS connections.
	XFCCForwardModeAppendForward XFCCForwardMode = "AppendForward"
	// XFCCForwardModeSanitizeSet replaces any XFCC header with one describing only the current
	// client certificate, on mTLS connections.
	XFCCForwardModeSanitizeSet XFCCForwardMode = "SanitizeSet"
	// XFCCForwardModeAlwaysForwardOnly passes the XFCC header on unchanged whether or not the
	// connection uses mTLS.
	XFCCForwardModeAlwaysForwardOnly XFCCForwardMode = "AlwaysForwardOnly"
)

// XFCCCertData names a client certificate detail that can be added to the XFCC header. Valid values
// are Subject, Cert, Chain, DNS and URI.
// +kubebuilder:validation:Enum=Subject;Cert;Chain;DNS;URI
type XFCCCertData string

const (
	// XFCCCertDataSubject adds the Subject of the client certificate.
	XFCCCertDataSubject XFCCCertData = "Subject"
	// XFCCCertDataCert adds the whole client certificate, PEM encoded and then URL encoded.
	XFCCCertDataCert XFCCCertData = "Cert"
	// XFCCCertDataChain adds the full client certificate chain, leaf included, PEM encoded and then
	// URL encoded.
	XFCCCertDataChain XFCCCertData = "Chain"
	// XFCCCertDataDNS adds the DNS-type Subject Alternative Names of the client certificate.
	XFCCCertDataDNS XFCCCertData = "DNS"
	// XFCCCertDataURI adds the URI-type Subject Alternative Names of the client certificate.
	XFCCCertDataURI XFCCCertData = "URI"
)

// WithUnderscoresAction is the action taken on client request headers whose names contain an
// underscore. Valid values are Allow, RejectRequest and DropHeader.
// +kubebuilder:validation:Enum=Allow;RejectRequest;DropHeader
type WithUnderscoresAction string

const (
	// WithUnderscoresActionAllow accepts such headers and passes them on.
	WithUnderscoresActionAllow WithUnderscoresAction = "Allow"
	// WithUnderscoresActionRejectRequest rejects the request: HTTP/1 requests get status 400 and
	// HTTP/2 streams are reset.
	WithUnderscoresActionRejectRequest WithUnderscoresAction = "RejectRequest"
	// WithUnderscoresActionDropHeader removes such headers before any filter runs, so neither
	// filters nor backends see them.
	WithUnderscoresActionDropHeader WithUnderscoresAction = "DropHeader"
)

// RequestIDAction selects how X-Request-ID is treated on requests entering from external clients.
// Valid values are PreserveOrGenerate, Preserve, Generate and Disable.
// +kubebuilder:validation:Enum=PreserveOrGenerate;Preserve;Generate;Disable
type RequestIDAction string

const (
	// RequestIDActionPreserveOrGenerate keeps an incoming X-Request-ID and generates one when the
	// request has none.
	RequestIDActionPreserveOrGenerate RequestIDAction = "PreserveOrGenerate"
	// RequestIDActionPreserve keeps an incoming X-Request-ID but never generates one.
	RequestIDActionPreserve RequestIDAction = "Preserve"
	// RequestIDActionGenerate always sets a newly generated X-Request-ID, replacing any value sent
	// by the client. This is the default.
	RequestIDActionGenerate RequestIDAction = "Generate"
	// RequestIDActionDisable turns X-Request-ID handling off: an incoming value is not kept and
	// none is generated.
	RequestIDActionDisable RequestIDAction = "Disable"
)

// HTTPHeaderFilter describes changes to the headers of a request or response. A header name may
// appear in only one action; to give a header several values, join them with commas in one value.
type HTTPHeaderFilter struct {
	// Set writes each listed header, replacing any existing value.
	// +kubebuilder:validation:MinItems=1
	// +kubebuilder:validation:MaxItems=64
	// +listType=map
	// +listMapKey=name
	// +optional
	Set []gwapiv1.HTTPHeader `json:"set,omitempty"`

	// Add adds each listed header; when the header already exists, the new value is appended to the
	// existing ones.
	// +kubebuilder:validation:MinItems=1
	// +kubebuilder:validation:MaxItems=64
	// +listType=map
	// +listMapKey=name
	// +optional
	Add []gwapiv1.HTTPHeader `json:"add,omitempty"`

	// AddIfAbsent writes each listed header only when it is not already present, and otherwise
	// leaves it untouched.
	// +kubebuilder:validation:MinItems=1
	// +kubebuilder:validation:MaxItems=64
	// +listType=map
	// +listMapKey=name
	// +optional
	AddIfAbsent []gwapiv1.HTTPHeader `json:"addIfAbsent,omitempty"`

	// Remove deletes the named headers. Names are compared case-insensitively.
	// +kubebuilder:validation:MinItems=1
	// +kubebuilder:validation:MaxItems=64
	// +listType=set
	// +optional
	Remove []string `json:"remove,omitempty"`

	// RemoveOnMatch deletes every header whose name matches one of the string matchers, ignoring
	// case.
	// +kubebuilder:validation:MinItems=1
	// +kubebuilder:validation:MaxItems=64
	// +optional
	RemoveOnMatch []StringMatch `json:"removeOnMatch,omitempty"`
}

// HostSettings controls normalization of the Host/:authority header sent by clients.
type HostSettings struct {
	// StripTrailingHostDot, when true, removes a trailing dot from the host name (keeping any port)
	// before the request is processed, so that a request for "example.com." matches routes for
	// "example.com". Backends see the stripped value too. Defaults to false.
	// +optional
	StripTrailingHostDot *bool `json:"stripTrailingHostDot,omitempty"`
}

// ClientTimeout groups the timeouts applied to client connections.
type ClientTimeout struct {
	// TCP holds timeouts for listeners whose protocol is TCP or TLS.
	// +optional
	TCP *TCPClientTimeout `json:"tcp,omitempty"`

	// HTTP holds timeouts for HTTP listeners.
	// +optional
	HTTP *HTTPClientTimeout `json:"http,omitempty"`
}

// TCPClientTimeout holds client timeouts for listeners whose protocol is TCP or TLS.
type TCPClientTimeout struct {
	// IdleTimeout closes a TCP connection after this long without any bytes sent or received on
	// either the downstream or the upstream side. Defaults to one hour.
	// +optional
	IdleTimeout *gwapiv1.Duration `json:"idleTimeout,omitempty"`

	// TLSHandshakeTimeout limits the time between accepting a connection and completing transport
	// negotiation, such as the TLS handshake; slower connections are closed.
	// +optional
	TLSHandshakeTimeout *gwapiv1.Duration `json:"tlsHandshakeTimeout,omitempty"`

	// ConnectionInspectionTimeout limits how long the listener may inspect a new connection
	// (TLS/SNI and protocol detection, or HTTP parsing) before dropping it. Defaults to 15 seconds.
	// +optional
	ConnectionInspectionTimeout *gwapiv1.Duration `json:"connectionInspectionTimeout,omitempty"`
}

// HTTPClientTimeout holds client timeouts for HTTP listeners.
type HTTPClientTimeout struct {
	// RequestReceivedTimeout limits the time to receive a complete request, measured from its start
	// until its last byte is sent upstream or the response begins.
	// +optional
	RequestReceivedTimeout *gwapiv1.Duration `json:"requestReceivedTimeout,omitempty"`

	// RequestHeadersReceivedTimeout limits the time between the first and the last byte of the
	// request headers. Unset or zero disables it.
	// +optional
	RequestHeadersReceivedTimeout *gwapiv1.Duration `json:"requestHeadersReceivedTimeout,omitempty"`

	// IdleTimeout closes an HTTP connection that has had no active request for this long. Defaults
	// to one hour.
	// +optional
	IdleTimeout *gwapiv1.Duration `json:"idleTimeout,omitempty"`

	// StreamIdleTimeout resets a stream that sees no activity in either direction for this long.
	// Defaults to five minutes.
	// +optional
	StreamIdleTimeout *gwapiv1.Duration `json:"streamIdleTimeout,omitempty"`
}

// ClientConnection holds connection-level settings for downstream clients.
type ClientConnection struct {
	// ConnectionLimit caps the number of concurrent client connections and how long and how much
	// each one may be used.
	// +optional
	ConnectionLimit *ConnectionLimit `json:"connectionLimit,omitempty"`

	// BufferLimit is the most data buffered in user space for each client connection, as a quantity
	// such as 256Ki or 20Mi; plain numbers are bytes. Defaults to 32768 bytes.
	// +optional
	BufferLimit *resource.Quantity `json:"bufferLimit,omitempty"`

	// MaxAcceptPerSocketEvent is the most connections accepted from the kernel per socket event;
	// any others still pending wait for a later pass of the event loop. Defaults to 1; 0 removes
	// the limit.
	// +kubebuilder:default=1
	// +optional
	MaxAcceptPerSocketEvent *int32 `json:"maxAcceptPerSocketEvent,omitempty"`

	// SocketBufferLimit is the maximum kernel socket buffer size for each client connection, as a
	// quantity such as 256Ki or 1Gi; plain numbers are bytes.
	// +optional
	SocketBufferLimit *resource.Quantity `json:"socketBufferLimit,omitempty"`
}

// ConnectionLimit bounds the number of concurrent connections on a listener and the lifetime and
// use of each connection.
type ConnectionLimit struct {
	// Value is the maximum number of concurrent connections. Once it is reached, new connections
	// are closed after CloseDelay.
	// +kubebuilder:validation:Minimum=1
	// +optional
	Value *int64 `json:"value,omitempty"`

	// CloseDelay is how long to wait before closing a connection refused because the limit was
	// reached. There is no delay by default.
	// +optional
	CloseDelay *gwapiv1.Duration `json:"closeDelay,omitempty"`

	// MaxConnectionDuration is the longest a connection may stay open, keep-alive included, before
	// it is drained or closed. No limit when unset.
	// +optional
	MaxConnectionDuration *gwapiv1.Duration `json:"maxConnectionDuration,omitempty"`

	// MaxRequestsPerConnection is the most requests served over one connection; 1 effectively
	// disables keep-alive. No limit when unset.
	// +optional
	MaxRequestsPerConnection *int32 `json:"maxRequestsPerConnection,omitempty"`

	// MaxStreamDuration is the longest an HTTP stream may live; when it is reached the stream is
	// reset regardless of other timeouts. No limit when unset.
	// +optional
	MaxStreamDuration *gwapiv1.Duration `json:"maxStreamDuration,omitempty"`
}

// HTTP1Settings configures HTTP/1.x behaviour of the listener.
type HTTP1Settings struct {
	// EnableTrailers, when true, lets Envoy proxy HTTP/1 trailers.
	// +optional
	EnableTrailers *bool `json:"enableTrailers,omitempty"`

	// PreserveHeaderCase, when true, keeps the original letter case of HTTP/1 header names;
	// otherwise Envoy lowercases them.
	// +optional
	PreserveHeaderCase *bool `json:"preserveHeaderCase,omitempty"`

	// HTTP10 enables support for HTTP/1.0 and HTTP/0.9 requests.
	// +optional
	HTTP10 *HTTP10Settings `json:"http10,omitempty"`

	// DisableSafeMaxConnectionDuration changes how HTTP/1 connections close once
	// MaxConnectionDuration has passed. By default Envoy waits for the next request, answers it
	// with Connection: close and then closes; when true, it drains and closes the connection
	// shortly after the duration elapses. It has no effect unless MaxConnectionDuration is set.
	// +optional
	DisableSafeMaxConnectionDuration *bool `json:"disableSafeMaxConnectionDuration,omitempty"`

	// IgnoredUpgradeTypes matches Upgrade header values for which Envoy drops the upgrade headers
	// and serves the request as plain HTTP/1.1, instead of rejecting it with status 403.
	// +optional
	IgnoredUpgradeTypes []StringMatch `json:"ignoredUpgradeTypes,omitempty"`
}

// HTTP10Settings configures HTTP/1.0 support on the listener.
type HTTP10Settings struct {
	// UseDefaultHost, when true, adds a Host header to HTTP/1.0 requests that lack one. The value
	// is the listener's hostname if it is not a wildcard, or else the hostname of the only
	// HTTPRoute with a non-wildcard hostname on that listener; without such a hostname the policy
	// is invalid.
	// +optional
	UseDefaultHost *bool `json:"useDefaultHost,omitempty"`
}

// HTTP3Settings enables HTTP/3 over QUIC on the listener. It has no fields; setting it is what
// enables the feature.
type HTTP3Settings struct {
}

// GRPCSettings configures gRPC features on the listener.
type GRPCSettings struct {
	// EnableWeb enables the gRPC-Web filter for HTTPRoutes, letting browser clients make gRPC calls
	// over HTTP/1.1 or HTTP/2. GRPCRoutes always get the filter; for HTTPRoutes it is opt-in.
	// +optional
	EnableWeb *bool `json:"enableWeb,omitempty"`
}

// HealthCheckSettings configures the health check endpoint of an HTTP or HTTPS listener.
type HealthCheckSettings struct {
	// Path is the request path Envoy treats as a health check request.
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=1024
	// +required
	Path string `json:"path"`
}

// SchemeHeaderTransform selects how the :scheme pseudo-header is set on requests forwarded to
// backends. Valid values are Preserve and MatchBackend.
// +kubebuilder:validation:Enum=Preserve;MatchBackend
type SchemeHeaderTransform string

const (
	// SchemeHeaderTransformPreserve forwards the scheme the client used. This is the default.
	SchemeHeaderTransformPreserve SchemeHeaderTransform = "Preserve"
	// SchemeHeaderTransformMatchBackend sets the scheme to https when the backend connection uses
	// TLS, and to http otherwise.
	SchemeHeaderTransformMatchBackend SchemeHeaderTransform = "MatchBackend"
)
