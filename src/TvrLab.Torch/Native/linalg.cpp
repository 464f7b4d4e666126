// Matrix products: matmul, mm, bmm, outer, einsum, baddbmm, and the linear map used by nn.Linear.
#include "shim.h"

TVR_API tvr_tensor tvr_matmul(tvr_tensor a, tvr_tensor b) { TVR_TENSOR(at::matmul(*a, *b)) }
TVR_API tvr_tensor tvr_mm(tvr_tensor a, tvr_tensor b) { TVR_TENSOR(at::mm(*a, *b)) }
TVR_API tvr_tensor tvr_bmm(tvr_tensor a, tvr_tensor b) { TVR_TENSOR(at::bmm(*a, *b)) }
TVR_API tvr_tensor tvr_outer(tvr_tensor a, tvr_tensor b) { TVR_TENSOR(at::outer(*a, *b)) }
TVR_API tvr_tensor tvr_dot(tvr_tensor a, tvr_tensor b) { TVR_TENSOR(at::dot(*a, *b)) }
TVR_API tvr_tensor tvr_einsum(const char* equation, const tvr_tensor* operands, int n) {
  TVR_TENSOR(at::einsum(equation, tvr_list(operands, n)))
}
TVR_API tvr_tensor tvr_baddbmm(tvr_tensor input, tvr_tensor b1, tvr_tensor b2, double beta, double alpha) {
  TVR_TENSOR(at::baddbmm(*input, *b1, *b2, beta, alpha))
}
TVR_API tvr_tensor tvr_addmm(tvr_tensor input, tvr_tensor m1, tvr_tensor m2, double beta, double alpha) {
  TVR_TENSOR(at::addmm(*input, *m1, *m2, beta, alpha))
}
TVR_API tvr_tensor tvr_tril(tvr_tensor t, int64_t diagonal) { TVR_TENSOR(at::tril(*t, diagonal)) }
TVR_API tvr_tensor tvr_triu(tvr_tensor t, int64_t diagonal) { TVR_TENSOR(at::triu(*t, diagonal)) }
TVR_API tvr_tensor tvr_diag(tvr_tensor t, int64_t diagonal) { TVR_TENSOR(at::diag(*t, diagonal)) }
TVR_API tvr_tensor tvr_diagonal(tvr_tensor t, int64_t offset, int64_t dim1, int64_t dim2) {
  TVR_TENSOR(at::diagonal(*t, offset, dim1, dim2))
}
TVR_API tvr_tensor tvr_trace(tvr_tensor t) { TVR_TENSOR(at::trace(*t)) }
