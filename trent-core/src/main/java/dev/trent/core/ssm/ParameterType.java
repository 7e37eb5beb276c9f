package dev.trent.core.ssm;

/** The parameter types of Parameter Store. */
public enum ParameterType {
    STRING("String"),
    STRING_LIST("StringList"),
    SECURE_STRING("SecureString");

    private final String wire;

    ParameterType(String wire) {
        this.wire = wire;
    }

    public String wireName() {
        return wire;
    }

    /** The type named {@code wire}, or null. */
    public static ParameterType fromWire(String wire) {
        for (ParameterType t : values()) if (t.wire.equals(wire)) return t;
        return null;
    }
}
