package taxii

import "net/http"

// Routes registers every TAXII endpoint on mux.
func (s *Server) Routes(mux Mux) {
	h := func(f func(w http.ResponseWriter, r *http.Request, c *call)) http.Handler {
		return s.handle(f)
	}
	mux.Handle("GET "+Prefix+"{$}", h(s.discovery))
	mux.Handle("GET "+Prefix+"{root}/{$}", h(s.apiRoot))
	mux.Handle("GET "+Prefix+"{root}/status/{status}/{$}", h(s.status))
	mux.Handle("GET "+Prefix+"{root}/collections/{$}", h(s.collections))
	mux.Handle("GET "+Prefix+"{root}/collections/{coll}/{$}", h(s.collection))
	mux.Handle("GET "+Prefix+"{root}/collections/{coll}/manifest/{$}", h(s.manifest))
	mux.Handle("GET "+Prefix+"{root}/collections/{coll}/objects/{$}", h(s.objects))
	mux.Handle("POST "+Prefix+"{root}/collections/{coll}/objects/{$}", h(s.addObjects))
	mux.Handle("GET "+Prefix+"{root}/collections/{coll}/objects/{id}/{$}", h(s.object))
	mux.Handle("DELETE "+Prefix+"{root}/collections/{coll}/objects/{id}/{$}", h(s.deleteObject))
	mux.Handle("GET "+Prefix+"{root}/collections/{coll}/objects/{id}/versions/{$}", h(s.versions))
	mux.Handle(Prefix, h(s.notFound))
}
