package http

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strconv"

	"github.com/telltale-cti/telltale"
)

// statuses maps telltale error codes to HTTP statuses: the one place
// where that mapping lives.
var statuses = map[string]int{
	telltale.EINVALID:      http.StatusBadRequest,
	telltale.ENOTFOUND:     http.StatusNotFound,
	telltale.ECONFLICT:     http.StatusConflict,
	telltale.EUNAUTHORIZED: http.StatusUnauthorized,
	telltale.EFORBIDDEN:    http.StatusForbidden,
	telltale.EUNAVAILABLE:  http.StatusServiceUnavailable,
	telltale.ETOOLARGE:     http.StatusRequestEntityTooLarge,
	telltale.EINTERNAL:     http.StatusInternalServerError,
}

// RetryAfter is how many seconds a 503 (the database unreachable or busy)
// asks clients to wait before retrying.
const RetryAfter = "5"

// Status returns the HTTP status for err's telltale error code.
func Status(err error) int {
	if s, ok := statuses[telltale.ErrorCode(err)]; ok {
		return s
	}
	return http.StatusInternalServerError
}

// ErrorBody is the shape of every API error response:
// {"error": {"code": "not_found", "message": "..."}}.
type ErrorBody struct {
	Error ErrorDetail `json:"error"`
}

// ErrorDetail is the inside of ErrorBody.
type ErrorDetail struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// Error writes err as a JSON API error with the status its code maps to.
// Internal errors are recorded for the request log and shown only as
// "internal error".
func Error(w http.ResponseWriter, r *http.Request, err error) {
	LogError(r, err)
	status := Status(err)
	switch status {
	case http.StatusUnauthorized:
		w.Header().Set("WWW-Authenticate", `Bearer realm="telltale"`)
	case http.StatusServiceUnavailable:
		w.Header().Set("Retry-After", RetryAfter)
	}
	writeJSON(w, status, ErrorBody{ErrorDetail{Code: telltale.ErrorCode(err), Message: telltale.ErrorMessage(err)}})
}

// JSON writes v as the JSON response with status 200.
func JSON(w http.ResponseWriter, r *http.Request, v any) {
	writeJSON(w, http.StatusOK, v)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	jsonHeader(w)
	w.WriteHeader(status)
	_ = newEncoder(w).Encode(v)
}

func jsonHeader(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
}

func newEncoder(w io.Writer) *json.Encoder {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(true)
	return enc
}

// EncodeJSON encodes v as JSON does, for answers that are served
// many times: encode once, send with EncodedJSON.
func EncodeJSON(v any) ([]byte, error) {
	var buf bytes.Buffer
	if err := newEncoder(&buf).Encode(v); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// EncodedJSON writes b, made by EncodeJSON, as the JSON response with
// status 200.
func EncodedJSON(w http.ResponseWriter, r *http.Request, b []byte) {
	jsonHeader(w)
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(b)
}
