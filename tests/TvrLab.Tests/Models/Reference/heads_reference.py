"""Expected values for the CLIP4Clip head tests, computed with PyTorch (Debian's 1.13, the libtorch the shim uses).

Run: /usr/bin/python3 tests/TvrLab.Tests/Models/Reference/heads_reference.py > tests/TvrLab.Tests/Models/Reference/HeadsReference.cs

The heads are written out here as ArrowLuo/CLIP4Clip computes them (modules/modeling.py _loose_similarity and
_cross_similarity, modules/module_cross.py; read, not copied): pack_padded_sequence -> LSTM -> pad_packed_sequence with
the input frames refilled past the longest video; the seqTransf/cross blocks with the TF-style LayerNorm (eps 1e-12)
and a (1 - mask) * -1e6 key mask given to every head of its own video (DRL's repeat_interleave); the pooler's
ln_pool -> first token -> dense -> QuickGELU, then similarity_dense. Every weight is det(shape, 0.37 i + 0.1) * 0.5 with
i the key's index in sorted order, which the C# tests rebuild; everything runs in float64.
"""
from collections import OrderedDict

import torch
import torch.nn as nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

torch.set_num_threads(1)
torch.set_default_dtype(torch.float64)

WIDTH, HEADS, LAYERS, POSITIONS = 8, 2, 2, 16


def det(shape, phase):
    n = 1
    for s in shape:
        n *= s
    return (torch.sin(torch.arange(n, dtype=torch.float64) * 0.7 + phase) * 0.5).float().double().reshape(shape)


def emit(name, t):
    values = ", ".join(repr(float(v)) for v in t.detach().flatten().tolist())
    print(f"    public static readonly double[] {name} = [{values}];")


class TfLayerNorm(nn.Module):
    def __init__(self, width, eps=1e-12):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(width))
        self.bias = nn.Parameter(torch.zeros(width))
        self.eps = eps

    def forward(self, x):
        u = x.mean(-1, keepdim=True)
        s = (x - u).pow(2).mean(-1, keepdim=True)
        return self.weight * ((x - u) / torch.sqrt(s + self.eps)) + self.bias


class QuickGELU(nn.Module):
    def forward(self, x):
        return x * torch.sigmoid(1.702 * x)


class Block(nn.Module):
    def __init__(self, width, heads):
        super().__init__()
        self.attn = nn.MultiheadAttention(width, heads)
        self.ln_1 = TfLayerNorm(width)
        self.mlp = nn.Sequential(OrderedDict([("c_fc", nn.Linear(width, width * 4)), ("gelu", QuickGELU()),
                                              ("c_proj", nn.Linear(width * 4, width))]))
        self.ln_2 = TfLayerNorm(width)
        self.heads = heads

    def forward(self, x, mask):  # x [L, N, D], mask [N, L, L] additive
        m = mask.repeat_interleave(self.heads, dim=0)
        x = x + self.attn(self.ln_1(x), self.ln_1(x), self.ln_1(x), need_weights=False, attn_mask=m)[0]
        return x + self.mlp(self.ln_2(x))


class Transformer(nn.Module):
    def __init__(self, width, layers, heads):
        super().__init__()
        self.resblocks = nn.ModuleList([Block(width, heads) for _ in range(layers)])

    def forward(self, x, mask):
        for block in self.resblocks:
            x = block(x, mask)
        return x


def extended_mask(mask):  # [N, L] 0/1 -> [N, L, L]: (1 - mask) * -1e6 on each key
    return ((1.0 - mask.unsqueeze(1)) * -1000000.0).expand(-1, mask.size(1), -1)


class SeqTransf(nn.Module):
    def __init__(self):
        super().__init__()
        self.frame_position_embeddings = nn.Embedding(POSITIONS, WIDTH)
        self.transformerClip = Transformer(WIDTH, LAYERS, HEADS)

    def forward(self, v, mask):
        x = v + self.frame_position_embeddings(torch.arange(v.size(1)).unsqueeze(0).expand(v.size(0), -1))
        x = self.transformerClip(x.permute(1, 0, 2), extended_mask(mask)).permute(1, 0, 2)
        return x + v


class SeqLSTM(nn.Module):
    def __init__(self):
        super().__init__()
        self.frame_position_embeddings = nn.Embedding(POSITIONS, WIDTH)
        self.lstm_visual = nn.LSTM(WIDTH, WIDTH, batch_first=True, num_layers=1)

    def forward(self, v, mask):
        packed = pack_padded_sequence(v, torch.sum(mask, dim=-1).long().cpu(), batch_first=True, enforce_sorted=False)
        out, _ = self.lstm_visual(packed)
        out, _ = pad_packed_sequence(out, batch_first=True)
        out = torch.cat((out, v[:, out.size(1):, ...]), dim=1)
        return out + v


class CrossEmbeddings(nn.Module):
    def __init__(self):
        super().__init__()
        self.position_embeddings = nn.Embedding(POSITIONS, WIDTH)

    def forward(self, x):
        return x + self.position_embeddings(torch.arange(x.size(1)).unsqueeze(0).expand(x.size(0), -1))


class CrossPooler(nn.Module):
    def __init__(self):
        super().__init__()
        self.ln_pool = TfLayerNorm(WIDTH)
        self.dense = nn.Linear(WIDTH, WIDTH)
        self.activation = QuickGELU()

    def forward(self, h):
        return self.activation(self.dense(self.ln_pool(h)[:, 0]))


class CrossModel(nn.Module):
    def __init__(self):
        super().__init__()
        self.embeddings = CrossEmbeddings()
        self.transformer = Transformer(WIDTH, LAYERS, HEADS)
        self.pooler = CrossPooler()

    def forward(self, x, mask):
        h = self.transformer(self.embeddings(x).permute(1, 0, 2), extended_mask(mask)).permute(1, 0, 2)
        return self.pooler(h)


class TightTransf(nn.Module):
    def __init__(self):
        super().__init__()
        self.cross = CrossModel()
        self.similarity_dense = nn.Linear(WIDTH, 1)

    def forward(self, t, v, mask):  # t [Bt, D], v [Bv, T, D]
        bt, bv, T = t.size(0), v.size(0), v.size(1)
        tl = t.unsqueeze(1).unsqueeze(1).repeat(1, bv, 1, 1).view(-1, 1, WIDTH)
        vr = v.unsqueeze(0).repeat(bt, 1, 1, 1).view(-1, T, WIDTH)
        mr = mask.unsqueeze(0).repeat(bt, 1, 1).view(-1, T)
        x = torch.cat((tl, vr), dim=1)
        m = torch.cat((torch.ones(bt * bv, 1), mr), dim=1)
        return self.similarity_dense(self.cross(x, m)).squeeze(-1).view(bt, bv)


def fill(module):
    state = module.state_dict()
    with torch.no_grad():
        for i, key in enumerate(sorted(state)):
            state[key].copy_(det(list(state[key].shape), 0.37 * i + 0.1))
    return module.eval()


def normalize(x):
    return x / x.norm(dim=-1, keepdim=True)


def mean_p(v, mask):
    v = normalize(v)
    m = mask.unsqueeze(-1)
    count = m.sum(1)
    count[count == 0.] = 1.
    return normalize((v * m).sum(1) / count)


text = det([3, WIDTH], 2.5) * 2
frames = det([4, 5, WIDTH], 3.5) * 2
mask = torch.tensor([[1, 1, 1, 1, 0], [1, 1, 0, 0, 0], [1, 0, 0, 0, 0], [1, 1, 1, 0, 0]], dtype=torch.float64)
logit_scale = 3.0

print("// Generated by tests/TvrLab.Tests/Models/Reference/heads_reference.py with PyTorch", torch.__version__)
print("namespace TvrLab.Tests.Models;\n")
print("internal static class HeadsReference")
print("{")
with torch.no_grad():
    seq_transf = fill(SeqTransf())(frames, mask)
    seq_lstm = fill(SeqLSTM())(frames, mask)
    emit("SeqTransfOut", seq_transf)
    emit("SeqLstmOut", seq_lstm)
    emit("MeanPOut", mean_p(frames, mask))
    emit("MeanPLogits", torch.exp(torch.tensor(logit_scale)) * normalize(text) @ mean_p(frames, mask).t())
    emit("SeqTransfLogits", torch.exp(torch.tensor(logit_scale)) * normalize(text) @ mean_p(seq_transf, mask).t())
    emit("SeqLstmLogits", torch.exp(torch.tensor(logit_scale)) * normalize(text) @ mean_p(seq_lstm, mask).t())
    emit("TightTransfLogits", fill(TightTransf())(text, frames, mask))
print("}")
