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

// ClientTrafficPolicy is TODO.
type ClientTrafficPolicy struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`

	// Spec is TODO.
	// +required
	Spec ClientTrafficPolicySpec `json:"spec"`

	// Status is TODO.
	// +optional
	Status gwapiv1.PolicyStatus `json:"status,omitempty"`
}

// +kubebuilder:object:root=true

// ClientTrafficPolicyList is TODO.
type ClientTrafficPolicyList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty"`
	Items           []ClientTrafficPolicy `json:"items"`
}

// ClientTrafficPolicySpec is TODO.
type ClientTrafficPolicySpec struct {
	PolicyTargetReferences `json:",inline"`

	// TcpKeepalive is TODO.
	// +optional
	TcpKeepalive *TCPKeepalive `json:"tcpKeepalive,omitempty"`

	// EnableProxyProtocol is TODO.
	// +optional
	EnableProxyProtocol *bool `json:"enableProxyProtocol,omitempty"`

	// ProxyProtocol is TODO.
	// +optional
	ProxyProtocol *ProxyProtocolSettings `json:"proxyProtocol,omitempty"`

	// ClientIPDetection is TODO.
	// +optional
	ClientIPDetection *ClientIPDetectionSettings `json:"clientIPDetection,omitempty"`

	// TLS is TODO.
	// +optional
	TLS *ClientTLSSettings `json:"tls,omitempty"`

	// Path is TODO.
	// +optional
	Path *PathSettings `json:"path,omitempty"`

	// Headers is TODO.
	// +optional
	Headers *HeaderSettings `json:"headers,omitempty"`

	// Timeout is TODO.
	// +optional
	Timeout *ClientTimeout `json:"timeout,omitempty"`

	// Connection is TODO.
	// +optional
	Connection *ClientConnection `json:"connection,omitempty"`

	// Http1 is TODO.
	// +optional
	Http1 *HTTP1Settings `json:"http1,omitempty"`

	// Http2 is TODO.
	// +optional
	Http2 *HTTP2Settings `json:"http2,omitempty"`

	// Http3 is TODO.
	// +optional
	Http3 *HTTP3Settings `json:"http3,omitempty"`

	// GRPC is TODO.
	// +optional
	GRPC *GRPCSettings `json:"grpc,omitempty"`

	// HealthCheck is TODO.
	// +optional
	HealthCheck *HealthCheckSettings `json:"healthCheck,omitempty"`

	// Scheme is TODO.
	// +optional
	Scheme *SchemeHeaderTransform `json:"scheme,omitempty"`
}

// ProxyProtocolSettings is TODO.
type ProxyProtocolSettings struct {
	// Optional is TODO.
	// +optional
	Optional *bool `json:"optional,omitempty"`
}

// ClientIPDetectionSettings is TODO.
type ClientIPDetectionSettings struct {
	// XForwardedFor is TODO.
	// +optional
	XForwardedFor *XForwardedForSettings `json:"xForwardedFor,omitempty"`

	// CustomHeader is TODO.
	// +optional
	CustomHeader *CustomHeaderExtensionSettings `json:"customHeader,omitempty"`

	// DirectSourceIP is TODO.
	// +optional
	DirectSourceIP *DirectSourceIPSettings `json:"directSourceIP,omitempty"`
}

// XForwardedForSettings is TODO.
type XForwardedForSettings struct {
	// NumTrustedHops is TODO.
	// +optional
	NumTrustedHops *int32 `json:"numTrustedHops,omitempty"`

	// TrustedCIDRs is TODO.
	// +kubebuilder:validation:MinItems=1
	// +optional
	TrustedCIDRs []CIDR `json:"trustedCIDRs,omitempty"`

	// DisableXForwardedForAppend is TODO.
	// +optional
	DisableXForwardedForAppend *bool `json:"disableXForwardedForAppend,omitempty"`
}

// CustomHeaderExtensionSettings is TODO.
type CustomHeaderExtensionSettings struct {
	// Name is TODO.
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=255
	// +kubebuilder:validation:Pattern=`^[A-Za-z0-9-]+$`
	// +required
	Name string `json:"name"`

	// FailClosed is TODO.
	// +optional
	FailClosed *bool `json:"failClosed,omitempty"`
}

// DirectSourceIPSettings is TODO.
type DirectSourceIPSettings struct {
}

// ClientTLSSettings is TODO.
type ClientTLSSettings struct {
	TLSSettings `json:",inline"`

	// ClientValidation is TODO.
	// +optional
	ClientValidation *ClientValidationContext `json:"clientValidation,omitempty"`

	// Session is TODO.
	// +optional
	Session *Session `json:"session,omitempty"`
}

// ClientValidationContext is TODO.
type ClientValidationContext struct {
	// Optional is TODO.
	// +optional
	Optional *bool `json:"optional,omitempty"`

	// Mode is TODO.
	// +optional
	Mode *ClientValidationModeType `json:"mode,omitempty"`

	// CaCertificateRefs is TODO.
	// +kubebuilder:validation:MaxItems=8
	// +optional
	CaCertificateRefs []gwapiv1.SecretObjectReference `json:"caCertificateRefs,omitempty"`

	// SpkiHashes is TODO.
	// +optional
	SpkiHashes []string `json:"spkiHashes,omitempty"`

	// CertificateHashes is TODO.
	// +optional
	CertificateHashes []string `json:"certificateHashes,omitempty"`

	// SubjectAltNames is TODO.
	// +optional
	SubjectAltNames *SubjectAltNames `json:"subjectAltNames,omitempty"`

	// CRL is TODO.
	// +optional
	CRL *CrlContext `json:"crl,omitempty"`

	// AllowExpiredCertificate is TODO.
	// +optional
	AllowExpiredCertificate *bool `json:"allowExpiredCertificate,omitempty"`
}

// ClientValidationModeType is TODO.
// +kubebuilder:validation:Enum=Request;RequireAny;VerifyIfGiven;RequireAndVerify
type ClientValidationModeType string

const (
	// ClientValidationModeTypeRequest is TODO.
	ClientValidationModeTypeRequest ClientValidationModeType = "Request"
	// ClientValidationModeTypeRequireAny is TODO.
	ClientValidationModeTypeRequireAny ClientValidationModeType = "RequireAny"
	// ClientValidationModeTypeVerifyIfGiven is TODO.
	ClientValidationModeTypeVerifyIfGiven ClientValidationModeType = "VerifyIfGiven"
	// ClientValidationModeTypeRequireAndVerify is TODO.
	ClientValidationModeTypeRequireAndVerify ClientValidationModeType = "RequireAndVerify"
)

// SubjectAltNames is TODO.
type SubjectAltNames struct {
	// DnsNames is TODO.
	// +optional
	DnsNames []StringMatch `json:"dnsNames,omitempty"`

	// EmailAddresses is TODO.
	// +optional
	EmailAddresses []StringMatch `json:"emailAddresses,omitempty"`

	// IpAddresses is TODO.
	// +optional
	IpAddresses []StringMatch `json:"ipAddresses,omitempty"`

	// Uris is TODO.
	// +optional
	Uris []StringMatch `json:"uris,omitempty"`

	// OtherNames is TODO.
	// +optional
	OtherNames []OtherSANMatch `json:"otherNames,omitempty"`
}

// OtherSANMatch is TODO.
type OtherSANMatch struct {
	StringMatch `json:",inline"`

	// Oid is TODO.
	// +required
	Oid string `json:"oid"`
}

// CrlContext is TODO.
type CrlContext struct {
	// Refs is TODO.
	// +kubebuilder:validation:MinItems=1
	// +kubebuilder:validation:MaxItems=8
	// +required
	Refs []gwapiv1.SecretObjectReference `json:"refs"`

	// OnlyVerifyLeafCertificate is TODO.
	// +optional
	OnlyVerifyLeafCertificate *bool `json:"onlyVerifyLeafCertificate,omitempty"`
}

// Session is TODO.
type Session struct {
	// Resumption is TODO.
	// +optional
	Resumption *SessionResumption `json:"resumption,omitempty"`
}

// SessionResumption is TODO.
type SessionResumption struct {
	// Stateless is TODO.
	// +optional
	Stateless *StatelessTLSSessionResumption `json:"stateless,omitempty"`

	// Stateful is TODO.
	// +optional
	Stateful *StatefulTLSSessionResumption `json:"stateful,omitempty"`
}

// StatelessTLSSessionResumption is TODO.
type StatelessTLSSessionResumption struct {
}

// StatefulTLSSessionResumption is TODO.
type StatefulTLSSessionResumption struct {
}

// PathSettings is TODO.
type PathSettings struct {
	// EscapedSlashesAction is TODO.
	// +optional
	EscapedSlashesAction *PathEscapedSlashAction `json:"escapedSlashesAction,omitempty"`

	// DisableMergeSlashes is TODO.
	// +optional
	DisableMergeSlashes *bool `json:"disableMergeSlashes,omitempty"`
}

// PathEscapedSlashAction is TODO.
// +kubebuilder:validation:Enum=KeepUnchanged;RejectRequest;UnescapeAndForward;UnescapeAndRedirect
type PathEscapedSlashAction string

const (
	// PathEscapedSlashActionKeepUnchanged is TODO.
	PathEscapedSlashActionKeepUnchanged PathEscapedSlashAction = "KeepUnchanged"
	// PathEscapedSlashActionRejectRequest is TODO.
	PathEscapedSlashActionRejectRequest PathEscapedSlashAction = "RejectRequest"
	// PathEscapedSlashActionUnescapeAndRedirect is TODO.
	PathEscapedSlashActionUnescapeAndRedirect PathEscapedSlashAction = "UnescapeAndRedirect"
	// PathEscapedSlashActionUnescapeAndForward is TODO.
	PathEscapedSlashActionUnescapeAndForward PathEscapedSlashAction = "UnescapeAndForward"
)

// HeaderSettings is TODO.
type HeaderSettings struct {
	// EnableEnvoyHeaders is TODO.
	// +optional
	EnableEnvoyHeaders *bool `json:"enableEnvoyHeaders,omitempty"`

	// DisableRateLimitHeaders is TODO.
	// +optional
	DisableRateLimitHeaders *bool `json:"disableRateLimitHeaders,omitempty"`

	// XForwardedClientCert is TODO.
	// +optional
	XForwardedClientCert *XForwardedClientCert `json:"xForwardedClientCert,omitempty"`

	// WithUnderscoresAction is TODO.
	// +optional
	WithUnderscoresAction *WithUnderscoresAction `json:"withUnderscoresAction,omitempty"`

	// PreserveXRequestID is TODO.
	// +optional
	PreserveXRequestID *bool `json:"preserveXRequestID,omitempty"`

	// RequestID is TODO.
	// +optional
	RequestID *RequestIDAction `json:"requestID,omitempty"`

	// EarlyRequestHeaders is TODO.
	// +optional
	EarlyRequestHeaders *HTTPHeaderFilter `json:"earlyRequestHeaders,omitempty"`

	// LateResponseHeaders is TODO.
	// +optional
	LateResponseHeaders *HTTPHeaderFilter `json:"lateResponseHeaders,omitempty"`

	// Host is TODO.
	// +optional
	Host *HostSettings `json:"host,omitempty"`

	// MaxRequestHeaderLimit is TODO.
	// +optional
	MaxRequestHeaderLimit *resource.Quantity `json:"maxRequestHeaderLimit,omitempty"`
}

// XForwardedClientCert is TODO.
type XForwardedClientCert struct {
	// Mode is TODO.
	// +optional
	Mode *XFCCForwardMode `json:"mode,omitempty"`

	// CertDetailsToAdd is TODO.
	// +kubebuilder:validation:MaxItems=5
	// +optional
	CertDetailsToAdd []XFCCCertData `json:"certDetailsToAdd,omitempty"`
}

// XFCCForwardMode is TODO.
// +kubebuilder:validation:Enum=Sanitize;ForwardOnly;AppendForward;SanitizeSet;AlwaysForwardOnly
type XFCCForwardMode string

const (
	// XFCCForwardModeSanitize is TODO.
	XFCCForwardModeSanitize XFCCForwardMode = "Sanitize"
	// XFCCForwardModeForwardOnly is TODO.
	XFCCForwardModeForwardOnly XFCCForwardMode = "ForwardOnly"
	// XFCCForwardModeAppendForward is TODO.
	XFCCForwardModeAppendForward XFCCForwardMode = "AppendForward"
	// XFCCForwardModeSanitizeSet is TODO.
	XFCCForwardModeSanitizeSet XFCCForwardMode = "SanitizeSet"
	// XFCCForwardModeAlwaysForwardOnly is TODO.
	XFCCForwardModeAlwaysForwardOnly XFCCForwardMode = "AlwaysForwardOnly"
)

// XFCCCertData is TODO.
// +kubebuilder:validation:Enum=Subject;Cert;Chain;DNS;URI
type XFCCCertData string

const (
	// XFCCCertDataSubject is TODO.
	XFCCCertDataSubject XFCCCertData = "Subject"
	// XFCCCertDataCert is TODO.
	XFCCCertDataCert XFCCCertData = "Cert"
	// XFCCCertDataChain is TODO.
	XFCCCertDataChain XFCCCertData = "Chain"
	// XFCCCertDataDNS is TODO.
	XFCCCertDataDNS XFCCCertData = "DNS"
	// XFCCCertDataURI is TODO.
	XFCCCertDataURI XFCCCertData = "URI"
)

// WithUnderscoresAction is TODO.
// +kubebuilder:validation:Enum=Allow;RejectRequest;DropHeader
type WithUnderscoresAction string

const (
	// WithUnderscoresActionAllow is TODO.
	WithUnderscoresActionAllow WithUnderscoresAction = "Allow"
	// WithUnderscoresActionRejectRequest is TODO.
	WithUnderscoresActionRejectRequest WithUnderscoresAction = "RejectRequest"
	// WithUnderscoresActionDropHeader is TODO.
	WithUnderscoresActionDropHeader WithUnderscoresAction = "DropHeader"
)

// RequestIDAction is TODO.
// +kubebuilder:validation:Enum=PreserveOrGenerate;Preserve;Generate;Disable
type RequestIDAction string

const (
	// RequestIDActionPreserveOrGenerate is TODO.
	RequestIDActionPreserveOrGenerate RequestIDAction = "PreserveOrGenerate"
	// RequestIDActionPreserve is TODO.
	RequestIDActionPreserve RequestIDAction = "Preserve"
	// RequestIDActionGenerate is TODO.
	RequestIDActionGenerate RequestIDAction = "Generate"
	// RequestIDActionDisable is TODO.
	RequestIDActionDisable RequestIDAction = "Disable"
)

// HTTPHeaderFilter is TODO.
type HTTPHeaderFilter struct {
	// Set is TODO.
	// +kubebuilder:validation:MinItems=1
	// +kubebuilder:validation:MaxItems=64
	// +listType=map
	// +listMapKey=name
	// +optional
	Set []gwapiv1.HTTPHeader `json:"set,omitempty"`

	// Add is TODO.
	// +kubebuilder:validation:MinItems=1
	// +kubebuilder:validation:MaxItems=64
	// +listType=map
	// +listMapKey=name
	// +optional
	Add []gwapiv1.HTTPHeader `json:"add,omitempty"`

	// AddIfAbsent is TODO.
	// +kubebuilder:validation:MinItems=1
	// +kubebuilder:validation:MaxItems=64
	// +listType=map
	// +listMapKey=name
	// +optional
	AddIfAbsent []gwapiv1.HTTPHeader `json:"addIfAbsent,omitempty"`

	// Remove is TODO.
	// +kubebuilder:validation:MinItems=1
	// +kubebuilder:validation:MaxItems=64
	// +listType=set
	// +optional
	Remove []string `json:"remove,omitempty"`

	// RemoveOnMatch is TODO.
	// +kubebuilder:validation:MinItems=1
	// +kubebuilder:validation:MaxItems=64
	// +optional
	RemoveOnMatch []StringMatch `json:"removeOnMatch,omitempty"`
}

// HostSettings is TODO.
type HostSettings struct {
	// StripTrailingHostDot is TODO.
	// +optional
	StripTrailingHostDot *bool `json:"stripTrailingHostDot,omitempty"`
}

// ClientTimeout is TODO.
type ClientTimeout struct {
	// TCP is TODO.
	// +optional
	TCP *TCPClientTimeout `json:"tcp,omitempty"`

	// HTTP is TODO.
	// +optional
	HTTP *HTTPClientTimeout `json:"http,omitempty"`
}

// TCPClientTimeout is TODO.
type TCPClientTimeout struct {
	// IdleTimeout is TODO.
	// +optional
	IdleTimeout *gwapiv1.Duration `json:"idleTimeout,omitempty"`

	// TlsHandshakeTimeout is TODO.
	// +optional
	TlsHandshakeTimeout *gwapiv1.Duration `json:"tlsHandshakeTimeout,omitempty"`

	// ConnectionInspectionTimeout is TODO.
	// +optional
	ConnectionInspectionTimeout *gwapiv1.Duration `json:"connectionInspectionTimeout,omitempty"`
}

// HTTPClientTimeout is TODO.
type HTTPClientTimeout struct {
	// RequestReceivedTimeout is TODO.
	// +optional
	RequestReceivedTimeout *gwapiv1.Duration `json:"requestReceivedTimeout,omitempty"`

	// RequestHeadersReceivedTimeout is TODO.
	// +optional
	RequestHeadersReceivedTimeout *gwapiv1.Duration `json:"requestHeadersReceivedTimeout,omitempty"`

	// IdleTimeout is TODO.
	// +optional
	IdleTimeout *gwapiv1.Duration `json:"idleTimeout,omitempty"`

	// StreamIdleTimeout is TODO.
	// +optional
	StreamIdleTimeout *gwapiv1.Duration `json:"streamIdleTimeout,omitempty"`
}

// ClientConnection is TODO.
type ClientConnection struct {
	// ConnectionLimit is TODO.
	// +optional
	ConnectionLimit *ConnectionLimit `json:"connectionLimit,omitempty"`

	// BufferLimit is TODO.
	// +optional
	BufferLimit *resource.Quantity `json:"bufferLimit,omitempty"`

	// MaxAcceptPerSocketEvent is TODO.
	// +kubebuilder:default=1
	// +optional
	MaxAcceptPerSocketEvent *int32 `json:"maxAcceptPerSocketEvent,omitempty"`

	// SocketBufferLimit is TODO.
	// +optional
	SocketBufferLimit *resource.Quantity `json:"socketBufferLimit,omitempty"`
}

// ConnectionLimit is TODO.
type ConnectionLimit struct {
	// Value is TODO.
	// +kubebuilder:validation:Minimum=1
	// +optional
	Value *int64 `json:"value,omitempty"`

	// CloseDelay is TODO.
	// +optional
	CloseDelay *gwapiv1.Duration `json:"closeDelay,omitempty"`

	// MaxConnectionDuration is TODO.
	// +optional
	MaxConnectionDuration *gwapiv1.Duration `json:"maxConnectionDuration,omitempty"`

	// MaxRequestsPerConnection is TODO.
	// +optional
	MaxRequestsPerConnection *int32 `json:"maxRequestsPerConnection,omitempty"`

	// MaxStreamDuration is TODO.
	// +optional
	MaxStreamDuration *gwapiv1.Duration `json:"maxStreamDuration,omitempty"`
}

// HTTP1Settings is TODO.
type HTTP1Settings struct {
	// EnableTrailers is TODO.
	// +optional
	EnableTrailers *bool `json:"enableTrailers,omitempty"`

	// PreserveHeaderCase is TODO.
	// +optional
	PreserveHeaderCase *bool `json:"preserveHeaderCase,omitempty"`

	// Http10 is TODO.
	// +optional
	Http10 *HTTP10Settings `json:"http10,omitempty"`

	// DisableSafeMaxConnectionDuration is TODO.
	// +optional
	DisableSafeMaxConnectionDuration *bool `json:"disableSafeMaxConnectionDuration,omitempty"`

	// IgnoredUpgradeTypes is TODO.
	// +optional
	IgnoredUpgradeTypes []StringMatch `json:"ignoredUpgradeTypes,omitempty"`
}

// HTTP10Settings is TODO.
type HTTP10Settings struct {
	// UseDefaultHost is TODO.
	// +optional
	UseDefaultHost *bool `json:"useDefaultHost,omitempty"`
}

// HTTP3Settings is TODO.
type HTTP3Settings struct {
}

// GRPCSettings is TODO.
type GRPCSettings struct {
	// EnableWeb is TODO.
	// +optional
	EnableWeb *bool `json:"enableWeb,omitempty"`
}

// HealthCheckSettings is TODO.
type HealthCheckSettings struct {
	// Path is TODO.
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=1024
	// +required
	Path string `json:"path"`
}

// SchemeHeaderTransform is TODO.
// +kubebuilder:validation:Enum=Preserve;MatchBackend
type SchemeHeaderTransform string

const (
	// SchemeHeaderTransformPreserve is TODO.
	SchemeHeaderTransformPreserve SchemeHeaderTransform = "Preserve"
	// SchemeHeaderTransformMatchBackend is TODO.
	SchemeHeaderTransformMatchBackend SchemeHeaderTransform = "MatchBackend"
)
