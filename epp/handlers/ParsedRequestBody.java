package epp.handlers;

import epp.scheduling.RequestBody;

/**
 * What the EPP read from a request body in one streaming pass (epp.md §2.2b, §2.5, §2.10).
 *
 * @param model            the top-level `model` when it is a JSON string (the last one if repeated), else null
 * @param modelValueStart  byte offset of that string's opening quote (-1 without a model)
 * @param modelValueEnd    byte offset just after its closing quote
 * @param body             the classified body, or null when {@link #classificationError()} is set
 * @param classificationError the §2.7 message when the body is neither completions nor chat, else null
 */
public record ParsedRequestBody(String model, long modelValueStart, long modelValueEnd, RequestBody body,
                                String classificationError) {}
