package v1alpha1_test

import (
	"testing"

	"github.com/gatewaykit/gatewaykit/policy/v1alpha1"
)

func TestHTTPRouteFilterValidate(t *testing.T) {
	runValidationCases(t, v1alpha1.KindHTTPRouteFilter, func() validator { return &v1alpha1.HTTPRouteFilter{} }, []validationCase{
		{
			name: "host from a header and a regex path rewrite",
			spec: `
urlRewrite:
  hostname: {type: Header, header: x-upstream-host}
  path:
    type: ReplaceRegexMatch
    replaceRegexMatch: {pattern: '^/service/([^/]+)(/.*)$', substitution: '\2/instance/\1'}
`,
		},
		{
			name: "host from the path, substitution may be empty",
			spec: `
urlRewrite:
  hostname:
    type: PathRegex
    pathRegex: {pattern: '^/([^/]+)/.*', substitution: '\1.internal'}
  path:
    type: ReplaceRegexMatch
    replaceRegexMatch: {pattern: '^/v1', substitution: ''}
`,
		},
		{
			name: "host from the backend",
			spec: `
urlRewrite:
  hostname: {type: Backend}
`,
		},
		{
			name: "Header type without a header",
			spec: `
urlRewrite:
  hostname: {type: Header}
`,
			want: []wantErr{required("spec.urlRewrite.hostname.header")},
		},
		{
			name: "header given for another type",
			spec: `
urlRewrite:
  hostname: {type: Backend, header: x-upstream-host}
`,
			want: []wantErr{forbidden("spec.urlRewrite.hostname.header")},
		},
		{
			name: "PathRegex type without a regex",
			spec: `
urlRewrite:
  hostname: {type: PathRegex}
`,
			want: []wantErr{required("spec.urlRewrite.hostname.pathRegex")},
		},
		{
			name: "regex given for another type",
			spec: `
urlRewrite:
  hostname:
    type: Header
    header: x-host
    pathRegex: {pattern: '^/(.*)', substitution: "a\nb"}
`,
			want: []wantErr{forbidden("spec.urlRewrite.hostname.pathRegex"), invalid("spec.urlRewrite.hostname.pathRegex.substitution")},
		},
		{
			name: "regex path rewrite without its regex",
			spec: `
urlRewrite:
  path: {type: ReplaceRegexMatch}
`,
			want: []wantErr{required("spec.urlRewrite.path.replaceRegexMatch")},
		},
		{
			name: "unknown rewrite types",
			spec: `
urlRewrite:
  hostname: {type: Static}
  path: {type: ReplaceFullPath}
`,
			want: []wantErr{notSupported("spec.urlRewrite.hostname.type"), notSupported("spec.urlRewrite.path.type")},
		},
		{
			name: "direct response with inline body",
			spec: `
directResponse:
  contentType: text/plain
  statusCode: 503
  body: {inline: "maintenance"}
  header:
    set: [{name: Retry-After, value: "120"}]
`,
		},
		{
			name: "direct response from a ConfigMap",
			spec: `
directResponse:
  body:
    type: ValueRef
    valueRef: {group: "", kind: ConfigMap, name: maintenance-page}
`,
		},
		{
			name: "inline body missing",
			spec: `
directResponse:
  body: {type: Inline}
`,
			want: []wantErr{required("spec.directResponse.body.inline")},
		},
		{
			name: "referenced body missing",
			spec: `
directResponse:
  body: {type: ValueRef, inline: "text"}
`,
			want: []wantErr{required("spec.directResponse.body.valueRef")},
		},
		{
			name: "body from a Secret",
			spec: `
directResponse:
  body:
    type: ValueRef
    valueRef: {group: "", kind: Secret, name: page}
`,
			want: []wantErr{notSupported("spec.directResponse.body.valueRef.kind")},
		},
		{
			name: "removing headers from a direct response",
			spec: `
directResponse:
  header:
    remove: [server]
    add: [{name: X-A, value: "1"}, {name: X-A, value: "2"}]
`,
			want: []wantErr{forbidden("spec.directResponse.header.remove"), duplicate("spec.directResponse.header.add[1]")},
		},
		{
			name: "credential injection",
			spec: `
credentialInjection:
  header: Authorization
  credential:
    valueRef: {name: upstream-token}
`,
		},
		{
			name: "credential injection without a Secret",
			spec: `
credentialInjection:
  credential:
    valueRef: {name: ""}
`,
			want: []wantErr{required("spec.credentialInjection.credential.valueRef.name")},
		},
		{
			name: "cookie matches",
			spec: `
matches:
- cookies:
  - {name: session, value: '^canary-.*', type: RegularExpression}
`,
		},
		{
			name: "match without conditions, and bad cookies",
			spec: `
matches:
- {}
- cookies: []
- cookies:
  - {name: session, value: "", type: Prefix}
`,
			want: []wantErr{
				required("spec.matches[0]"), invalid("spec.matches[1].cookies"),
				notSupported("spec.matches[2].cookies[0].type"), required("spec.matches[2].cookies[0].value"),
			},
		},
	})
}
