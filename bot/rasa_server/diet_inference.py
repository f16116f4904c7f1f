"""``RasaModel._rasa_predict`` calling its prediction graph without ``tf.function`` dispatch.

Rasa runs DIET's prediction through a ``tf.function`` with a fixed input signature. Each
call to a ``tf.function`` first works out which graph to run: it binds and casts the
arguments to the signature, builds a type for them and looks it up in the function's
cache (``canonicalize_function_inputs``, ``cast_inputs_to_signature``,
``_maybe_define_function``, ``is_subtype_of``). With a fixed signature the answer never
changes, and this costs more CPU than running DIET's graph for one message.

Here the ``tf.function`` is built as Rasa builds it, its one concrete function is taken
once, and each batch is converted to tensors of the signature's dtypes (as the
``tf.function`` converts it) and passed to the concrete function's flat call, the call
the ``tf.function`` itself ends in. A batch the concrete function does not take as it
is, or a call the ``tf.function`` would not send to that concrete function, goes
through Rasa's own call. Everything around the call is Rasa's.
"""
from __future__ import annotations

import weakref
from typing import Any, Callable, Dict, List, Optional, Tuple

from bot.rasa_server.method_replacement import replace_method

#: What :class:`_FlatCall` answers when the ``tf.function`` has to be called instead.
DECLINED = object()


class _FlatCall:
    """Runs the concrete function of one ``tf.function`` with a batch, as that function would.

    Args:
        function: A ``tf.function`` whose input signature is one list of ``TensorSpec``
            (what ``RasaModel._dynamic_signature`` builds).

    Raises:
        ValueError: The function is not one this can call directly.
    """

    def __init__(self, function: Any) -> None:
        import numpy as np  # noqa: PLC0415
        import tensorflow as tf  # noqa: PLC0415
        from tensorflow.python.eager.polymorphic_function import function_context  # noqa: PLC0415

        signature = function.input_signature
        if (
            signature is None
            or len(signature) != 1
            or not isinstance(signature[0], (list, tuple))
            or not all(type(spec) is tf.TensorSpec and spec.shape.rank is not None for spec in signature[0])
        ):
            raise ValueError(f"not a signature of one list of tensors of known ranks: {signature}")
        specs = list(signature[0])
        concrete = function.get_concrete_function()
        if not hasattr(concrete, "_call_flat") or len(concrete.inputs) != len(specs) + len(
            concrete.captured_inputs
        ):
            raise ValueError("the concrete function does not take one tensor per spec")
        self._concrete = concrete
        self._ndarray = np.ndarray
        self._constant = tf.constant
        self._functions_run_eagerly = tf.config.functions_run_eagerly
        self._make_context = function_context.make_function_context
        self._context = function_context.make_function_context()
        self._specs: List[Tuple[Any, int, Tuple[Tuple[int, int], ...]]] = [
            (
                spec.dtype,
                spec.shape.rank,
                tuple((axis, size) for axis, size in enumerate(spec.shape.as_list()) if size is not None),
            )
            for spec in specs
        ]

    def _tensors(self, batch_in: Any) -> Optional[List[Any]]:
        """The batch as the concrete function's inputs, or None if it does not fit.

        A ``tf.function`` with an input signature converts each array with
        ``convert_to_tensor(array, dtype_hint=spec.dtype)``, which for a NumPy array is
        ``tf.constant(array, spec.dtype)`` when that succeeds; it then requires the
        result to be compatible with the spec. Only that case is taken here: any other
        value, a conversion that fails or an incompatible shape is left to the
        ``tf.function``, which converts (or rejects) it its own way.
        """
        if not isinstance(batch_in, (tuple, list)) or len(batch_in) != len(self._specs):
            return None
        tensors = []
        for array, (dtype, rank, fixed) in zip(batch_in, self._specs):
            if not isinstance(array, self._ndarray):
                return None
            if getattr(type(array), "__tf_tensor__", None) is not None:  # converts itself
                return None
            shape = array.shape
            if len(shape) != rank or any(shape[axis] != size for axis, size in fixed):
                return None
            try:
                tensors.append(self._constant(array, dtype))
            except (TypeError, ValueError):
                return None
        return tensors

    def __call__(self, batch_in: Any) -> Any:
        """The function's outputs for ``batch_in``, or :data:`DECLINED`.

        Args:
            batch_in: The batch ``RasaModel._rasa_predict`` was given.

        Returns:
            The outputs the ``tf.function`` would return (the same structure of tensors),
            or :data:`DECLINED` when the batch does not fit the concrete function or the
            ``tf.function`` would not run that concrete function now (functions run
            eagerly, or a different tracing context such as inside a graph).
        """
        if self._functions_run_eagerly() or self._make_context() != self._context:
            return DECLINED
        tensors = self._tensors(batch_in)
        if tensors is None:
            return DECLINED
        concrete = self._concrete
        return concrete._call_flat(tensors, concrete.captured_inputs)  # noqa: SLF001


#: One :class:`_FlatCall` (or None where it could not be made) per ``tf.function``.
_flat_calls: "weakref.WeakKeyDictionary[Any, Optional[_FlatCall]]" = weakref.WeakKeyDictionary()


def _flat_call(function: Any) -> Optional[_FlatCall]:
    """The :class:`_FlatCall` for ``function``, made on first use; None if it cannot be made."""
    try:
        return _flat_calls[function]
    except KeyError:
        pass
    try:
        call: Optional[_FlatCall] = _FlatCall(function)
    except Exception:  # noqa: BLE001 - anything unexpected: Rasa's own call decides
        call = None
    _flat_calls[function] = call
    return call


def _predict_calling_graph_directly(
    original: Callable[[Any, Tuple[Any, ...]], Dict[str, Any]],
) -> Callable[[Any, Tuple[Any, ...]], Dict[str, Any]]:
    """A ``RasaModel._rasa_predict`` that runs the concrete function itself where it can.

    Args:
        original: Rasa's ``RasaModel._rasa_predict``; used as it is when the model runs
            eagerly.

    Returns:
        The replacement: Rasa's method, with the call of ``self._tf_predict_step`` made
        through :class:`_FlatCall` unless that declines.
    """
    import tensorflow as tf  # noqa: PLC0415
    from rasa.utils.tensorflow import models  # noqa: PLC0415

    tf_utils = models.tf_utils
    diagnostic_data = models.DIAGNOSTIC_DATA

    def _rasa_predict(self: Any, batch_in: Tuple[Any, ...]) -> Dict[str, Any]:
        if self._run_eagerly:
            return original(self, batch_in)
        self._training = False
        if not self.prepared_for_prediction:
            # in case the model is used for prediction without loading, e.g. directly
            # after training, we need to prepare the model for prediction once
            self.prepare_for_predict()
            self.prepared_for_prediction = True

        if self._tf_predict_step is None:
            self._tf_predict_step = tf.function(
                self.predict_step, input_signature=self._dynamic_signature(batch_in)
            )

        call = _flat_call(self._tf_predict_step)
        raw = call(batch_in) if call is not None else DECLINED
        if raw is DECLINED:
            raw = self._tf_predict_step(batch_in)
        outputs = tf_utils.sync_to_numpy_or_python_type(raw)
        if diagnostic_data in outputs:
            outputs[diagnostic_data] = self._empty_lists_to_none_in_dict(outputs[diagnostic_data])
        return outputs

    _rasa_predict.__doc__ = original.__doc__
    return _rasa_predict


def call_prediction_graph_directly() -> None:
    """Makes ``RasaModel._rasa_predict`` call its prediction graph without ``tf.function`` dispatch.

    Applied with :func:`bot.rasa_server.method_replacement.replace_method` (undoable, idempotent).
    """
    from rasa.utils.tensorflow.models import RasaModel  # noqa: PLC0415

    replace_method(RasaModel, "_rasa_predict", _predict_calling_graph_directly)
