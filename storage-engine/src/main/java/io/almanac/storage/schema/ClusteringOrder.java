package io.almanac.storage.schema;

/** {@code system_schema.columns.clustering_order}: asc or desc for clustering columns, none for the others. */
public enum ClusteringOrder {
    ASC("asc"), DESC("desc"), NONE("none");

    private final String schemaName;

    ClusteringOrder(String schemaName) {
        this.schemaName = schemaName;
    }

    public String schemaName() {
        return schemaName;
    }
}
