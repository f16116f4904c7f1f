"""DIET's intent scores computed with NumPy, for a DIET without a transformer.

With ``number_of_transformer_layers: 0`` and entity recognition off (``config.yml``),
DIET's intent prediction is a small feed-forward network. Every layer before the
intent embedding acts on each position of the sequence on its own, and the intent is
read at the position of the sentence-level features, so the sequence-level features
never reach it. What Rasa computes for a message is then::

    h = sentence_features @ sparse_to_dense.kernel + bias       (DenseForSparse)
    h = gelu(h @ (kernel * kernel_mask) + bias)                  (each Ffnn layer)
    e = h @ embed.kernel + bias                                  (Embed)
    scores = softmax(similarity(e, all_labels_embed))            (DotProductLoss)

Rasa gets there through a deep copy of every featurizer's features to combine them,
a ``RasaModelData`` with its batching and padding, and a TensorFlow call: about 3.5 ms
per message here, which is a third of the Rasa server's CPU time per turn. The same
arithmetic in NumPy, reading each featurizer's features in place, takes about 0.15 ms.

:class:`IntentForwardPass` takes its weights from the trained TensorFlow model, so the
scores are Rasa's own up to float32 rounding. A model it does not describe exactly (a
transformer, entity recognition, dense features, dimensions unified before the
sequence and sentence features are joined, an unknown layer), a message whose features
are not the kind the model was trained on, and a run that records diagnostic data all
go through Rasa's own ``DIETClassifier._predict``.
"""
from __future__ import annotations

import weakref
from typing import TYPE_CHECKING, Any, Callable, Dict, List, Optional

import numpy as np
from rasa.shared.nlu.constants import TEXT
from scipy.special import erf
from rasa.utils.tensorflow.constants import (
    COSINE,
    ENTITY_RECOGNITION,
    FEATURIZERS,
    INNER,
    INTENT_CLASSIFICATION,
    LABEL,
    SENTENCE,
    SEQUENCE,
    SOFTMAX,
)

from bot.rasa_server.method_replacement import replace_method

if TYPE_CHECKING:
    from rasa.nlu.classifiers.diet_classifier import DIETClassifier
    from rasa.shared.nlu.training_data.message import Message


class NotFeedForward(ValueError):
    """The DIET model is not one whose intent scores :class:`IntentForwardPass` computes."""


def _gelu(x: np.ndarray) -> np.ndarray:
    """``tf.nn.gelu`` as Ffnn uses it (``approximate=False``), in float32."""
    return (0.5 * x * (1.0 + erf(x / np.float32(np.sqrt(2.0))))).astype(np.float32, copy=False)


def _l2_normalize(x: np.ndarray) -> np.ndarray:
    """``tf.nn.l2_normalize(x, axis=-1)``."""
    squares = np.sum(x * x, axis=-1, keepdims=True)
    return x / np.sqrt(np.maximum(squares, np.float32(1e-12)))


def _softmax(x: np.ndarray) -> np.ndarray:
    shifted = np.exp(x - x.max(axis=-1, keepdims=True))
    return shifted / shifted.sum(axis=-1, keepdims=True)


def _numpy(variable: Any) -> np.ndarray:
    return np.asarray(variable.numpy(), dtype=np.float32)


def _masked_kernel(layer: Any) -> np.ndarray:
    """A ``RandomlyConnectedDense`` kernel with its connections mask applied, as Rasa applies it."""
    kernel = _numpy(layer.kernel)
    return kernel * _numpy(layer.kernel_mask) if layer.kernel_mask is not None else kernel


class IntentForwardPass:
    """The intent scores of one trained feed-forward DIET model, computed with NumPy.

    Args:
        classifier: A trained ``DIETClassifier``.

    Raises:
        NotFeedForward: The model has parts this does not compute as Rasa does.
    """

    def __init__(self, classifier: "DIETClassifier") -> None:
        import tensorflow as tf  # noqa: PLC0415
        from rasa.utils.tensorflow import layers, rasa_layers  # noqa: PLC0415

        config = classifier.component_config
        model = classifier.model
        if model is None:
            raise NotFeedForward("no trained model")
        if not config[INTENT_CLASSIFICATION] or config[ENTITY_RECOGNITION]:
            raise NotFeedForward("not intent classification alone")

        sentence_signature = model.data_signature.get(TEXT, {}).get(SENTENCE, [])
        if not sentence_signature or not all(s.is_sparse for s in sentence_signature):
            raise NotFeedForward("sentence features other than sparse ones")

        sequence_layer = model._tf_layers[f"sequence_layer.{TEXT}"]  # noqa: SLF001
        if not isinstance(sequence_layer, rasa_layers.RasaSequenceLayer) or sequence_layer._has_transformer:  # noqa: SLF001
            raise NotFeedForward("a transformer")
        combining = sequence_layer._tf_layers[rasa_layers.RasaSequenceLayer.FEATURE_COMBINING]  # noqa: SLF001
        if any(name.startswith("unify_dims_before_seq_sent_concat") for name in combining._tf_layers):  # noqa: SLF001
            raise NotFeedForward("sequence and sentence dimensions unified")
        sentence_combining = combining._tf_layers.get(f"sparse_dense.{SENTENCE}")  # noqa: SLF001
        to_dense = getattr(sentence_combining, "_tf_layers", {}).get(
            rasa_layers.ConcatenateSparseDenseFeatures.SPARSE_TO_DENSE
        )
        if not isinstance(to_dense, layers.DenseForSparse) or to_dense.activation not in (None, tf.keras.activations.linear):
            raise NotFeedForward("no plain sparse-to-dense layer for sentence features")

        hidden: List[Any] = []
        for layer in sequence_layer._tf_layers[rasa_layers.RasaSequenceLayer.FFNN]._ffn_layers:  # noqa: SLF001
            if isinstance(layer, layers.RandomlyConnectedDense) and layer.activation is tf.nn.gelu and layer.use_bias:
                hidden.append(layer)
            elif type(layer) is not tf.keras.layers.Dropout:  # no-op when predicting
                raise NotFeedForward(f"a feed-forward layer of type {type(layer).__name__}")

        embed = model._tf_layers[f"embed.{TEXT}"]._dense  # noqa: SLF001
        loss = model._tf_layers[f"loss.{LABEL}"]  # noqa: SLF001
        if embed.activation not in (None, tf.keras.activations.linear) or not embed.use_bias:
            raise NotFeedForward("an intent embedding that is not linear")
        if loss.similarity_type not in (INNER, COSINE):
            raise NotFeedForward(f"similarity {loss.similarity_type}")

        self._model = model
        self._featurizers: List[str] = config.get(FEATURIZERS) or []
        self._cosine = loss.similarity_type == COSINE
        self._softmax = loss.model_confidence == SOFTMAX
        self._to_dense = (_numpy(to_dense.kernel), _numpy(to_dense.bias) if to_dense.use_bias else None)
        self._hidden = [(_masked_kernel(layer), _numpy(layer.bias)) for layer in hidden]
        self._embed = (_numpy(embed.kernel), _numpy(embed.bias))
        self._labels: Optional[np.ndarray] = None

    def _label_embeddings(self) -> np.ndarray:
        """The labels' embeddings, prepared as Rasa prepares them before its first prediction."""
        if self._labels is None:
            model = self._model
            if not model.prepared_for_prediction:
                model.prepare_for_predict()
                model.prepared_for_prediction = True
            labels = np.asarray(model.all_labels_embed, dtype=np.float32)
            self._labels = _l2_normalize(labels) if self._cosine else labels
        return self._labels

    def _sentence_vector(self, message: "Message") -> Optional[np.ndarray]:
        """The sparse-to-dense layer's output for the message's sentence features.

        Returns None unless the message has sparse sequence and sentence features for its
        text, no dense ones, and sentence features as wide as the model's input.
        """
        kernel, bias = self._to_dense
        featurizers = self._featurizers
        vector = np.zeros(kernel.shape[1], dtype=np.float32) if bias is None else bias.copy()
        offset = 0
        has_sequence = False
        for features in message.features:
            if features.attribute != TEXT or (featurizers and features.origin not in featurizers):
                continue
            if not features.is_sparse():
                return None
            if features.type == SEQUENCE:
                has_sequence = True
                continue
            if features.type != SENTENCE:
                return None
            matrix = features.features.tocoo(copy=False)
            if matrix.shape[0] != 1 or offset + matrix.shape[1] > kernel.shape[0]:
                return None
            if matrix.nnz:
                vector += matrix.data.astype(np.float32) @ kernel[offset + matrix.col]
            offset += matrix.shape[1]
        if not has_sequence or offset != kernel.shape[0]:
            return None
        return vector

    def scores(self, message: "Message") -> Optional[np.ndarray]:
        """The intent scores Rasa's DIET gives the message, shaped (1, number of intents).

        Args:
            message: A message featurized by the pipeline's featurizers.

        Returns:
            What ``DIET.batch_predict`` returns as ``i_scores``, or None when the message's
            features are not the kind this model was trained on.
        """
        vector = self._sentence_vector(message)
        if vector is None:
            return None
        hidden = vector[np.newaxis, :]
        for kernel, bias in self._hidden:
            hidden = _gelu(hidden @ kernel + bias)
        kernel, bias = self._embed
        embedded = hidden @ kernel + bias
        if self._cosine:
            embedded = _l2_normalize(embedded)
        similarities = embedded @ self._label_embeddings().T
        return _softmax(similarities) if self._softmax else similarities


#: One :class:`IntentForwardPass` (or None where the model is not feed-forward) per model.
_passes: "weakref.WeakKeyDictionary[Any, Optional[IntentForwardPass]]" = weakref.WeakKeyDictionary()


def forward_pass(classifier: "DIETClassifier") -> Optional[IntentForwardPass]:
    """The classifier's :class:`IntentForwardPass`, made on first use; None if it has none."""
    model = classifier.model
    if model is None:
        return None
    try:
        return _passes[model]
    except KeyError:
        pass
    try:
        found: Optional[IntentForwardPass] = IntentForwardPass(classifier)
    except NotFeedForward:
        found = None
    _passes[model] = found
    return found


def _predict_with_numpy(
    original: Callable[["DIETClassifier", "Message"], Optional[Dict[str, Any]]],
) -> Callable[["DIETClassifier", "Message"], Optional[Dict[str, Any]]]:
    """A ``DIETClassifier._predict`` that computes the intent scores with NumPy where it can."""

    def _predict(self: "DIETClassifier", message: "Message") -> Optional[Dict[str, Any]]:
        if self._execution_context.should_add_diagnostic_data:  # noqa: SLF001
            return original(self, message)
        found = forward_pass(self)
        scores = found.scores(message) if found is not None else None
        if scores is None:
            return original(self, message)
        return {"i_scores": scores}

    _predict.__doc__ = original.__doc__
    return _predict


def predict_intents_with_numpy() -> None:
    """Makes ``DIETClassifier._predict`` compute a feed-forward DIET's intent scores with NumPy.

    Applied with :func:`bot.rasa_server.method_replacement.replace_method` (undoable, idempotent).
    """
    from rasa.nlu.classifiers.diet_classifier import DIETClassifier  # noqa: PLC0415

    replace_method(DIETClassifier, "_predict", _predict_with_numpy)
