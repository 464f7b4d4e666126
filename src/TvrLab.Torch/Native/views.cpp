// Views and layout: reshape family, dimension moves, slicing, joining and splitting.
#include "shim.h"

TVR_API tvr_tensor tvr_view(tvr_tensor t, const int64_t* shape, int n) { TVR_TENSOR(t->view(tvr_dims(shape, n))) }
TVR_API tvr_tensor tvr_reshape(tvr_tensor t, const int64_t* shape, int n) { TVR_TENSOR(t->reshape(tvr_dims(shape, n))) }
TVR_API tvr_tensor tvr_expand(tvr_tensor t, const int64_t* shape, int n) { TVR_TENSOR(t->expand(tvr_dims(shape, n))) }
TVR_API tvr_tensor tvr_permute(tvr_tensor t, const int64_t* dims, int n) { TVR_TENSOR(t->permute(tvr_dims(dims, n))) }
TVR_API tvr_tensor tvr_repeat(tvr_tensor t, const int64_t* repeats, int n) { TVR_TENSOR(t->repeat(tvr_dims(repeats, n))) }
TVR_API tvr_tensor tvr_transpose(tvr_tensor t, int64_t d0, int64_t d1) { TVR_TENSOR(t->transpose(d0, d1)) }
TVR_API tvr_tensor tvr_unsqueeze(tvr_tensor t, int64_t dim) { TVR_TENSOR(t->unsqueeze(dim)) }
TVR_API tvr_tensor tvr_squeeze(tvr_tensor t) { TVR_TENSOR(t->squeeze()) }
TVR_API tvr_tensor tvr_squeeze_dim(tvr_tensor t, int64_t dim) { TVR_TENSOR(t->squeeze(dim)) }
TVR_API tvr_tensor tvr_flatten(tvr_tensor t, int64_t start, int64_t end) { TVR_TENSOR(t->flatten(start, end)) }
TVR_API tvr_tensor tvr_unflatten(tvr_tensor t, int64_t dim, const int64_t* sizes, int n) {
  TVR_TENSOR(t->unflatten(dim, tvr_dims(sizes, n)))
}
TVR_API tvr_tensor tvr_narrow(tvr_tensor t, int64_t dim, int64_t start, int64_t length) {
  TVR_TENSOR(t->narrow(dim, start, length))
}
TVR_API tvr_tensor tvr_select(tvr_tensor t, int64_t dim, int64_t index) { TVR_TENSOR(t->select(dim, index)) }
TVR_API tvr_tensor tvr_slice(tvr_tensor t, int64_t dim, int64_t start, int64_t end, int64_t step) {
  TVR_TENSOR(t->slice(dim, start, end, step))
}
TVR_API tvr_tensor tvr_repeat_interleave(tvr_tensor t, int64_t repeats, int64_t dim) {
  TVR_TENSOR(t->repeat_interleave(repeats, dim))
}
TVR_API tvr_tensor tvr_repeat_interleave_tensor(tvr_tensor t, tvr_tensor repeats, int64_t dim) {
  TVR_TENSOR(t->repeat_interleave(*repeats, dim))
}
TVR_API tvr_tensor tvr_flip(tvr_tensor t, const int64_t* dims, int n) { TVR_TENSOR(t->flip(tvr_dims(dims, n))) }
TVR_API tvr_tensor tvr_roll(tvr_tensor t, int64_t shift, int64_t dim) { TVR_TENSOR(t->roll(shift, dim)) }

TVR_API tvr_tensor tvr_cat(const tvr_tensor* ts, int n, int64_t dim) { TVR_TENSOR(at::cat(tvr_list(ts, n), dim)) }
TVR_API tvr_tensor tvr_stack(const tvr_tensor* ts, int n, int64_t dim) { TVR_TENSOR(at::stack(tvr_list(ts, n), dim)) }

TVR_API tvr_tensor* tvr_split(tvr_tensor t, int64_t split_size, int64_t dim, int64_t* count) {
  TVR_LIST(t->split(split_size, dim))
}
TVR_API tvr_tensor* tvr_split_sizes(tvr_tensor t, const int64_t* sizes, int n, int64_t dim, int64_t* count) {
  TVR_LIST(t->split_with_sizes(tvr_dims(sizes, n), dim))
}
TVR_API tvr_tensor* tvr_chunk(tvr_tensor t, int64_t chunks, int64_t dim, int64_t* count) {
  TVR_LIST(t->chunk(chunks, dim))
}
TVR_API tvr_tensor* tvr_unbind(tvr_tensor t, int64_t dim, int64_t* count) { TVR_LIST(t->unbind(dim)) }
