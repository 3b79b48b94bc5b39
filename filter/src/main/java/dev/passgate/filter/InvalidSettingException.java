package dev.passgate.filter;

/**
 * A filter parameter has a missing or unusable value. The message names the parameter and
 * says what a valid value looks like; {@link PassgateFilter#init} turns this into the
 * {@code ServletException} that stops the application from starting half-configured.
 */
public final class InvalidSettingException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final transient FilterParameter parameter;

    InvalidSettingException(FilterParameter parameter, String problem) {
        super("Passgate filter parameter '" + parameter.parameterName() + "' " + problem
                + " (set it as <init-param> '" + parameter.parameterName() + "', system property '"
                + parameter.systemProperty() + "' or environment variable '"
                + parameter.environmentVariable() + "')");
        this.parameter = parameter;
    }

    /** The parameter at fault. */
    public FilterParameter parameter() {
        return parameter;
    }
}
