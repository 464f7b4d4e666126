// nn.LSTM (one layer, unidirectional), as torch.nn.LSTM: weight_ih [4H, I] and weight_hh [4H, H] stack the gates
// i, f, g, o; c' = f * c + i * g, h' = o * tanh(c').
#include "shim.h"

// With lengths the batch goes through the same path as PyTorch's pack_padded_sequence(enforce_sorted=False) ->
// LSTM -> pad_packed_sequence(total_length=T): sequences sorted by length, packed, run, padded back with zeros and
// unsorted; h_n and c_n are the states after each sequence's last valid step. Without lengths every step is valid.
// h0 and c0 may be null (zeros). b_ih and b_hh are both null when the layer has no biases.
TVR_API int tvr_lstm(tvr_tensor input, tvr_tensor lengths, tvr_tensor h0, tvr_tensor c0, tvr_tensor w_ih,
                     tvr_tensor w_hh, tvr_tensor b_ih, tvr_tensor b_hh, bool batch_first, bool train,
                     tvr_tensor* output, tvr_tensor* h_n, tvr_tensor* c_n) {
  TVR_TRY
  TORCH_CHECK(input->dim() == 3, "LSTM expects a 3-D input (", batch_first ? "batch, time, features" : "time, batch, features",
              "), got shape ", input->sizes());
  const int64_t batch_dim = batch_first ? 0 : 1, time_dim = batch_first ? 1 : 0;
  const int64_t batch = input->size(batch_dim), steps = input->size(time_dim), hidden = w_hh->size(1);
  std::vector<at::Tensor> params{*w_ih, *w_hh};
  const bool has_biases = b_ih != nullptr;
  if (has_biases) {
    params.push_back(*b_ih);
    params.push_back(*b_hh);
  }
  at::Tensor h = h0 ? *h0 : at::zeros({1, batch, hidden}, input->options());
  at::Tensor c = c0 ? *c0 : at::zeros({1, batch, hidden}, input->options());

  if (!lengths) {
    auto r = at::lstm(*input, {h, c}, params, has_biases, 1, 0.0, train, false, batch_first);
    *output = tvr_wrap(std::get<0>(r));
    *h_n = tvr_wrap(std::get<1>(r));
    *c_n = tvr_wrap(std::get<2>(r));
    return 0;
  }

  TORCH_CHECK(lengths->dim() == 1 && lengths->size(0) == batch, "LSTM: lengths must hold one length per sequence (",
              batch, "), got shape ", lengths->sizes());
  auto len = lengths->to(at::kCPU).to(at::kLong);
  const int64_t shortest = len.min().item<int64_t>(), longest = len.max().item<int64_t>();
  TORCH_CHECK(shortest >= 1 && longest <= steps, "LSTM: every length must be in [1, ", steps, "], got lengths from ",
              shortest, " to ", longest);
  auto sorted = len.sort(0, /*descending=*/true);
  auto order = std::get<1>(sorted).to(input->device());
  auto packed = at::_pack_padded_sequence(input->index_select(batch_dim, order), std::get<0>(sorted), batch_first);
  auto r = at::lstm(std::get<0>(packed), std::get<1>(packed), {h.index_select(1, order), c.index_select(1, order)},
                    params, has_biases, 1, 0.0, train, false);
  auto padded = at::_pad_packed_sequence(std::get<0>(r), std::get<1>(packed), batch_first, 0.0, steps);
  auto unsort = order.argsort();
  *output = tvr_wrap(std::get<0>(padded).index_select(batch_dim, unsort));
  *h_n = tvr_wrap(std::get<1>(r).index_select(1, unsort));
  *c_n = tvr_wrap(std::get<2>(r).index_select(1, unsort));
  return 0;
  TVR_CATCH(-1)
}
